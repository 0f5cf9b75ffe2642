package io.ringzero.agent.instrument;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the counting and hook classes in the bootstrap class loader, where the JDK classes that call them
 * can see them, and lets java.base reach them.
 *
 * <p>Defined one by one through the JDK's internal Unsafe rather than appended with
 * {@code appendToBootstrapClassLoaderSearch}: appending a boot class path makes HotSpot switch off class data
 * sharing for every non-boot class (slower start-up for the application) and print a warning on stderr.
 */
public final class BootInjector {
    private static final String[] BOOT_PACKAGES = {"io/ringzero/agent/count/", "io/ringzero/agent/hook/"};

    private BootInjector() { }

    public static void inject(Instrumentation inst, Path agentJar) throws Exception {
        Module base = Object.class.getModule();
        Module agent = BootInjector.class.getModule();
        // the agent reads java.lang.invoke's trusted lookup to define the hooks' bridges (NativeBridges)
        inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(agent)), Map.of("java.lang.invoke", Set.of(agent)), Set.of(), Map.of());
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, java.security.ProtectionDomain.class);
        // A class's superinterfaces must be defined before it: what cannot be defined yet waits for the next pass.
        Map<String, byte[]> pending = bootClasses(agentJar);
        while (!pending.isEmpty()) {
            Map<String, byte[]> later = new HashMap<>();
            for (Map.Entry<String, byte[]> c : pending.entrySet()) {
                byte[] b = c.getValue();
                try {
                    define.invoke(unsafe, c.getKey(), b, 0, b.length, null, null);
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof NoClassDefFoundError)) throw e;
                    later.put(c.getKey(), b);
                }
            }
            if (later.size() == pending.size()) throw new IllegalStateException("cannot define " + later.keySet());
            pending = later;
        }
        Module bootUnnamed = Class.forName("io.ringzero.agent.count.Counters", false, null).getModule();
        // java.base calls the hooks (reads); the counters use CarrierThreadLocal (exports). The hooks reach the
        // natives through bridges (NativeBridges), so no package needs opening to them.
        inst.redefineModule(base, Set.of(bootUnnamed), Map.of("jdk.internal.misc", Set.of(bootUnnamed)), Map.of(), Set.of(), Map.of());
    }

    private static Map<String, byte[]> bootClasses(Path agentJar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        try (JarFile jar = new JarFile(agentJar.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || !inBootPackage(name)) continue;
                try (InputStream is = jar.getInputStream(jar.getEntry(name))) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), is.readAllBytes());
                }
            }
        }
        return classes;
    }

    private static boolean inBootPackage(String name) {
        for (String p : BOOT_PACKAGES) if (name.startsWith(p)) return true;
        return false;
    }

    /** The jar this agent was loaded from. */
    public static Path agentJar(Class<?> anchor) throws Exception {
        return new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toPath();
    }
}
