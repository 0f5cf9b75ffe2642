package io.ringzero.agent.profile;

import io.ringzero.agent.record.OwnFiles;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import one.profiler.AsyncProfiler;

/** Loading async-profiler's native library into this JVM, and the cases where it must not be. */
final class ProfilerLibrary {
    /** The library this agent loaded: a later attach window starts the same one again. */
    private static volatile AsyncProfiler loaded;

    private ProfilerLibrary() { }

    /**
     * The library from {@code profile_lib}, else extracted from the agent jar by the agent itself: async-profiler's
     * own extraction names the file with File.createTempFile, whose SecureRandom initialises java.security (some
     * twenty reads of JDK files) on whichever thread gets there first; done here, the profiler's thread never
     * takes that one-time work away from the application, and start-up is shorter. The copy is kept and reused by
     * later runs ({@link LibraryCopy}); only when that fails is a copy extracted for this run alone.
     */
    static AsyncProfiler load(String lib) throws IOException {
        if (loaded == null) loaded = loadOnce(lib);
        return loaded;
    }

    private static AsyncProfiler loadOnce(String lib) throws IOException {
        if (lib != null) return AsyncProfiler.getInstance(lib);
        String arch = System.getProperty("os.arch", "");
        String platform = !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux") ? null
                : arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : arch.equals("aarch64") ? "linux-arm64" : null;
        java.net.URL url = platform == null ? null : ProfilerLibrary.class.getResource("/" + platform + "/libasyncProfiler.so");
        if (url == null) return AsyncProfiler.getInstance(); // its own lookup, and its own error for an unknown platform
        Path kept = LibraryCopy.of(url);
        if (kept != null) return AsyncProfiler.getInstance(kept.toString());
        Path so = Paths.get(System.getProperty("java.io.tmpdir"),
                "ringzero-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-libasyncProfiler.so");
        // The exit does not wait for this thread: a JVM that ends during the copy or the load would leave the file.
        so.toFile().deleteOnExit();
        try (java.io.InputStream in = url.openStream()) {
            Files.copy(in, so);
            return AsyncProfiler.getInstance(so.toString());
        } finally {
            Files.deleteIfExists(so); // the mapping outlives the file
        }
    }

    /**
     * A second copy of async-profiler must not be touched: one the application loaded (its native library is
     * mapped already, e.g. {@code -agentpath}) or ships on the class path (our {@code one.profiler} classes would be
     * its, and its own start would then fail). Returns why, or null.
     */
    static String otherCopy() throws IOException {
        if (loaded != null) return null; // ours, from an earlier attach window
        byte[] maps = OwnFiles.bytes("/proc/self/maps");
        if (maps == null) throw new IOException("cannot read /proc/self/maps");
        for (String line : new String(maps, StandardCharsets.ISO_8859_1).split("\n")) {
            int i = line.indexOf('/');
            if (i >= 0 && line.contains("libasyncProfiler")) return "another async-profiler is already in this process (" + line.substring(i) + ")";
        }
        java.security.CodeSource mine = ProfilerLibrary.class.getProtectionDomain().getCodeSource();
        java.security.CodeSource theirs = AsyncProfiler.class.getProtectionDomain().getCodeSource();
        if (mine != null && theirs != null && !mine.getLocation().equals(theirs.getLocation())) {
            return "the application's class path has its own async-profiler (" + theirs.getLocation() + ")";
        }
        return null;
    }

    /**
     * JDK 22+ warns on stderr when code without native access calls System.load. The agent's classes share the
     * class path's unnamed module, and JDK 25 decides native access for every unnamed module through one flag
     * (ALL-UNNAMED), so that flag is set, as {@code --enable-native-access=ALL-UNNAMED} would (side effect: the
     * application's own System.load calls no longer warn either). The methods are JDK-internal; their names
     * differ between releases, so each known one is tried.
     */
    static void enableNativeAccess(Instrumentation inst) {
        if (Runtime.version().feature() < 22 || inst == null) return;
        try {
            Module mine = ProfilerLibrary.class.getModule();
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(mine)), Set.of(), Map.of());
            for (String name : new String[] {"implAddEnableNativeAccessToAllUnnamed", "implAddEnableNativeAccessAllUnnamed"}) {
                try {
                    Method m = Module.class.getDeclaredMethod(name);
                    m.setAccessible(true);
                    m.invoke(null);
                } catch (NoSuchMethodException e) {
                    // not this release's name
                }
            }
            Method m = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
            m.setAccessible(true);
            m.invoke(mine);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the JDK then prints its own warning; the profiler still loads
        }
    }
}
