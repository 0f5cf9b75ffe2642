package io.ringzero.report.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A copy of a JDK's {@code bin/java} launcher under /trusted, with the JDK's {@code lib} and {@code conf}
 * linked beside it. KML runs an executable in ring 0 when the resolved path of the exec'd file starts with
 * {@code /trusted/}: a symlink in /trusted pointing back into the JDK would resolve outside and run in
 * user mode, so the small launcher itself is copied; libjli and libjvm are found through the {@code lib}
 * link, and only the main executable's path counts. {@link #close()} removes all of it, and /trusted too
 * when it was created here.
 */
final class TrustedJava implements AutoCloseable {

    private final Path root;
    private final boolean createdRoot;
    private final Path home;

    private TrustedJava(Path root, boolean createdRoot, Path home) {
        this.root = root;
        this.createdRoot = createdRoot;
        this.home = home;
    }

    /**
     * @param trustedRoot /trusted, or a temporary directory in tests
     * @param javaHome    the JDK whose launcher is copied
     */
    static TrustedJava create(Path trustedRoot, Path javaHome) {
        Path javaExe = javaHome.resolve("bin/java");
        if (!Files.isExecutable(javaExe) || !Files.isDirectory(javaHome.resolve("lib"))) {
            throw new CheckFailure(2, javaHome + " is not a JDK (no bin/java and lib/)");
        }
        boolean created = !Files.exists(trustedRoot, LinkOption.NOFOLLOW_LINKS);
        Path home = null;
        try {
            Files.createDirectories(trustedRoot);
            home = Files.createTempDirectory(trustedRoot, "ringzero-check-");
            Files.createDirectory(home.resolve("bin"));
            Files.copy(javaExe, home.resolve("bin/java"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.createSymbolicLink(home.resolve("lib"), javaHome.resolve("lib").toRealPath());
            if (Files.isDirectory(javaHome.resolve("conf"))) {
                Files.createSymbolicLink(home.resolve("conf"), javaHome.resolve("conf").toRealPath());
            }
            return new TrustedJava(trustedRoot, created, home);
        } catch (IOException e) {
            new TrustedJava(trustedRoot, created, home).close();
            throw new CheckFailure(2, "cannot lay out a java launcher under " + trustedRoot + ": " + e);
        }
    }

    Path java() {
        return home.resolve("bin/java");
    }

    Path home() {
        return home;
    }

    @Override
    public void close() {
        try {
            if (home != null && Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
                // walk() does not follow the lib and conf links: only the links themselves are deleted.
                try (Stream<Path> all = Files.walk(home)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            if (createdRoot) {
                try (Stream<Path> left = Files.list(root)) {
                    if (left.findAny().isEmpty()) {
                        Files.deleteIfExists(root);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("ringzero check: could not remove " + home + ": " + e.getMessage());
        }
    }

    /** The JDK a {@code java} command names: the real path of the executable, two levels up. */
    static Path javaHomeOf(String javaCommand) {
        Path exe = Path.of(javaCommand);
        if (!javaCommand.contains("/")) {
            String path = System.getenv().getOrDefault("PATH", "");
            exe = null;
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, javaCommand);
                if (Files.isExecutable(candidate)) {
                    exe = candidate;
                    break;
                }
            }
            if (exe == null) {
                throw new CheckFailure(2, javaCommand + " is not on the PATH");
            }
        }
        try {
            return exe.toRealPath().getParent().getParent();
        } catch (IOException e) {
            throw new CheckFailure(2, "cannot resolve " + javaCommand + ": " + e.getMessage());
        }
    }
}
