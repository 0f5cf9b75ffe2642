package io.ringzero.report.it;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ringzero attach} on a running JVM that does positional writes when told to on its stdin and says when it
 * has: each window's run file holds exactly the writes made while it was open, and the application's output and
 * exit code are those of a run without RingZero.
 */
class AttachCommandIT {

    static final String SOURCE = """
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            import java.nio.ByteBuffer;
            import java.nio.channels.FileChannel;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public class WritesOnRequest {
                public static void main(String[] args) throws Exception {
                    Path file = Files.createTempFile("writes-on-request", ".bin");
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
                         BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
                        System.out.println("ready");
                        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
                            int n = Integer.parseInt(line);
                            for (int i = 0; i < n; i++) ch.write(ByteBuffer.wrap(new byte[] {1}), i);
                            System.out.println("done " + n);
                        }
                    } finally {
                        Files.delete(file);
                    }
                    System.exit(7);
                }
            }
            """;

    static Path agent;
    static Path classes;
    static Path dir;

    @BeforeAll
    static void compile() throws IOException {
        agent = Processes.agentJarOrSkip();
        dir = Processes.itDir("attach");
        classes = Processes.compile(dir, "WritesOnRequest", SOURCE, "--release", "17"); // runs on the newer JDK too
    }

    /** The JDK running the tests, and Temurin 25 where it is installed (attached from this JDK's CLI). */
    static Stream<String> targetJavas() {
        String jdk25 = System.getProperty("ringzero.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java";
        return Files.isExecutable(Path.of(jdk25)) ? Stream.of(Processes.java(), jdk25) : Stream.of(Processes.java());
    }

    @ParameterizedTest
    @MethodSource("targetJavas")
    void eachWindowHoldsTheWritesMadeWhileItWasOpen(String java) throws Exception {
        Path out = dir.resolve(Path.of(java).getParent().getParent().getFileName() + "-windows");
        deleteTree(out);
        try (Target app = Target.start(java, List.of())) {
            // window 1, with a duration: the writes go in once the CLI says it counts
            Process first = cli("attach", Long.toString(app.pid()), "--duration", "6s", "-o", out.resolve("w1").toString(), "--no-model");
            awaitLine(first, "ringzero attach: counting in " + app.pid());
            app.send(1000);
            assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(output(first)).isZero();

            app.send(300); // between windows: in no run file

            // window 2, open until --stop
            Processes open = Processes.run(out, 120, Processes.cli("attach", Long.toString(app.pid()), "-o",
                    out.resolve("w2").toString(), "--agent", agent.toString()));
            assertThat(open.exit()).as(open.toString()).isZero();
            assertThat(open.err()).contains("ringzero attach " + app.pid() + " --stop");
            app.send(500);
            Processes stop = Processes.run(out, 120, Processes.cli("attach", Long.toString(app.pid()), "--stop",
                    "--no-model", "--agent", agent.toString()));
            assertThat(stop.exit()).as(stop.toString()).isZero();
            assertThat(stop.out()).contains("pwrite64").contains(out.resolve("w2").resolve("index.html").toString());

            Run w1 = LoadedRun.read(out.resolve("w1/run.json")).run();
            Run w2 = LoadedRun.read(out.resolve("w2/run.json")).run();
            assertThat(calls(w1, "pwrite64")).isEqualTo(1000);
            assertThat(calls(w2, "pwrite64")).isEqualTo(500);
            // each window walks its own first calls again: its sites stand for its calls only
            for (Run w : List.of(w1, w2)) {
                Run.Syscall pwrite = w.syscalls().stream().filter(s -> s.name().equals("pwrite64")).findFirst().orElseThrow();
                assertThat(pwrite.sites()).isNotEmpty();
                assertThat(pwrite.sites().get(0).frames().get(0)).startsWith("WritesOnRequest.main(");
                assertThat(pwrite.sites().stream().mapToLong(Run.Site::calls).sum()).isEqualTo(pwrite.calls());
                // and the file they wrote, counted from the window's start too
                Run.Site site = pwrite.sites().get(0);
                assertThat(site.resources()).singleElement().satisfies(r -> {
                    assertThat(r.resource()).contains("writes-on-request");
                    assertThat(r.calls()).isEqualTo(site.calls());
                });
            }
            assertThat(w2.window().number()).isEqualTo(2);
            assertThat(w1.isFinal()).isTrue();
            assertThat(w2.isFinal()).isTrue();
            // the agent's own work (its /proc reads at each write, the jar read at each attach) is not the application's
            for (Run.Syscall s : List.of(w1, w2).stream().flatMap(r -> r.syscalls().stream()).toList()) {
                for (Run.Site site : s.sites()) {
                    assertThat(site.frames()).noneMatch(f -> f.startsWith("io.ringzero."));
                }
            }
            assertThat(Files.exists(out.resolve("w1/index.html"))).isTrue();

            app.exit();
            assertThat(app.exitCode()).isEqualTo(7);
            assertThat(app.stdout()).isEqualTo("ready\ndone 1000\ndone 300\ndone 500\n");
            // JDK 21+ warns on its own about a dynamically loaded agent unless -XX:+EnableDynamicAgentLoading
            assertThat(app.stderr().lines().filter(l -> !l.startsWith("WARNING: "))).isEmpty();
        }
    }

    @Test
    void refusesWhatItCannotAttachTo() throws Exception {
        Path out = dir.resolve("errors");
        Files.createDirectories(out);
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        expectRefusal(out, "no process with pid " + ended.pid(), "attach", Long.toString(ended.pid()));

        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            expectRefusal(out, "is not a Java virtual machine", "attach", Long.toString(sleeper.pid()), "--duration", "1s");
            assertThat(sleeper.isAlive()).as("a process that is not a JVM must not get SIGQUIT").isTrue();
        } finally {
            sleeper.destroyForcibly();
        }

        try (Target app = Target.start(Processes.java(), List.of("-XX:+DisableAttachMechanism"))) {
            expectRefusal(out, "-XX:+DisableAttachMechanism", "attach", Long.toString(app.pid()), "--duration", "1s");
            expectRefusal(out, "--agent-options: bad value 'x' for option 'depth'", "attach", Long.toString(app.pid()),
                    "--agent-options", "depth=x");
            app.exit();
            assertThat(app.stdout()).as("no thread dump").isEqualTo("ready\n");
        }

        try (Target app = Target.start(Processes.java(), List.of())) {
            expectRefusal(out, "no RingZero window is open in " + app.pid(), "attach", Long.toString(app.pid()), "--stop");
            app.exit();
            assertThat(app.exitCode()).isEqualTo(7);
        }
    }

    @Test
    void refusesAnotherVersionsAgent() throws Exception {
        Path other = dir.resolve("other-version-agent.jar");
        withVersion(agent, other, "0.0.0-other");
        try (Target app = Target.start(Processes.java(), List.of("-javaagent:" + other + "=out=" + dir.resolve("other.json") + ",quiet,profile=off"))) {
            expectRefusal(dir, "has RingZero agent 0.0.0-other loaded", "attach", Long.toString(app.pid()), "--duration", "1s");
            app.exit();
        }
    }

    @Test
    void refusesAJvmOfAnotherUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to start a JVM as another user");
        // the JVM as 'nobody' needs to read the classes and write its perf data under /tmp
        Path shared = Files.createTempDirectory("ringzero-attach-other-user");
        copyTree(classes, shared);
        Files.walk(shared).forEach(p -> p.toFile().setReadable(true, false));
        shared.toFile().setExecutable(true, false);
        try (Target app = Target.start(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Processes.java(), "-cp", shared.toString(), "WritesOnRequest"))) {
            expectRefusal(dir, "belongs to uid 65534", "attach", Long.toString(app.pid()), "--duration", "1s");
            app.exit();
        } finally {
            deleteTree(shared);
        }
    }

    private void expectRefusal(Path workDir, String message, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--agent", agent.toString()));
        Processes p = Processes.run(workDir, 120, Processes.cli(a.toArray(String[]::new)));
        assertThat(p.exit()).as(p.toString()).isEqualTo(2);
        assertThat(p.err()).as(p.toString()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(p.err().strip().lines()).as(p.toString()).hasSize(1);
    }

    private static long calls(Run run, String kind) {
        return run.syscalls().stream().filter(s -> s.name().equals(kind)).mapToLong(Run.Syscall::calls).sum();
    }

    private Process cli(String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--agent", agent.toString()));
        return new ProcessBuilder(Processes.cli(a.toArray(String[]::new))).directory(dir.toFile())
                .redirectOutput(dir.resolve("cli.out").toFile()).start();
    }

    /** Reads the process's stderr until a line starts with the prefix (the rest is kept for {@link #output}). */
    private static void awaitLine(Process p, String prefix) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return;
            }
        }
        throw new AssertionError("no line starting with \"" + prefix + "\"; stderr:\n" + seen);
    }

    private String output(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8) + Files.readString(dir.resolve("cli.out"));
    }

    /** A copy of the agent jar claiming another version. */
    private static void withVersion(Path jar, Path copy, String version) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), m)) {
                for (var e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                    try (var data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** The application: a JVM that writes on request and reports each request done on its stdout. */
    static final class Target implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;
        private final StringBuilder stdout = new StringBuilder();
        private final Path stderr;

        private Target(Process process, Path stderr) {
            this.process = process;
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.stderr = stderr;
        }

        static Target start(String java, List<String> jvmOptions) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", classes.toString(), "WritesOnRequest"));
            return start(cmd);
        }

        static Target start(List<String> cmd) throws IOException {
            Path err = Files.createTempFile(dir, "target", ".err");
            Target t = new Target(new ProcessBuilder(cmd).redirectError(err.toFile()).start(), err);
            t.expect("ready");
            return t;
        }

        long pid() { return process.pid(); }

        /** Asks for n writes and waits until they are done. */
        void send(int n) throws IOException {
            in.write(n + "\n");
            in.flush();
            expect("done " + n);
        }

        void exit() throws Exception {
            in.write("exit\n");
            in.flush();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (String line; (line = out.readLine()) != null; ) stdout.append(line).append('\n');
        }

        int exitCode() { return process.exitValue(); }

        String stdout() { return stdout.toString(); }

        String stderr() throws IOException { return Files.readString(stderr); }

        private void expect(String line) throws IOException {
            String got = out.readLine();
            if (got != null) stdout.append(got).append('\n');
            if (!line.equals(got)) {
                throw new AssertionError("expected \"" + line + "\" from the application, got \"" + got + "\"; stderr:\n" + stderr());
            }
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
