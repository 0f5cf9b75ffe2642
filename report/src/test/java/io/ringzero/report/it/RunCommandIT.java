package io.ringzero.report.it;

import io.ringzero.report.oracle.BpftraceOracle;
import io.ringzero.report.oracle.PerfOracle;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ringzero run} end to end: a tiny program compiled here writes 1000 times, unbuffered, to a file with a
 * hostile name, under the real agent and (where the machine allows) the perf kernel oracle.
 */
class RunCommandIT {

    static final String FILE_NAME = "<script>alert(1)</script>\"'&.txt";
    static final int WRITES = 1000;
    static final String SOURCE = """
            import java.io.FileOutputStream;
            import java.io.IOException;
            import java.nio.file.Files;
            import java.nio.file.Path;

            public class ThousandWrites {
                public static void main(String[] args) throws IOException {
                    // the name holds a '/' ("</script>"), so part of it is a directory
                    Files.createDirectories(Path.of(args[0]).getParent());
                    try (FileOutputStream out = new FileOutputStream(args[0])) {
                        for (int i = 0; i < %d; i++) {
                            out.write('x');
                        }
                    }
                    System.exit(Integer.parseInt(args[1]));
                }
            }
            """.formatted(WRITES);
    /** Long enough for the profiler to start and sample: 1-byte writes to /dev/null for the given milliseconds. */
    static final String PROFILED_SOURCE = """
            import java.io.FileOutputStream;
            import java.io.IOException;

            public class WritesForAWhile {
                public static void main(String[] args) throws IOException {
                    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
                    try (FileOutputStream out = new FileOutputStream("/dev/null")) {
                        while (System.nanoTime() < end) {
                            for (int i = 0; i < 1000; i++) {
                                out.write('x');
                            }
                        }
                    }
                }
            }
            """;

    static Path agent;
    static Path classes;
    static Path dir;

    /** Null when the agent jar is usable; else why every test here is skipped. */
    static String skipReason;

    @BeforeAll
    static void agentAndWorkload() throws IOException {
        agent = Processes.agentJar();
        skipReason = agentProblem(agent);
        if (skipReason != null) {
            System.err.println("RunCommandIT skipped: " + skipReason);
            return;
        }
        dir = Processes.itDir("run");
        classes = Processes.compile(dir, "ThousandWrites", SOURCE);
        Processes.compile(dir, "WritesForAWhile", PROFILED_SOURCE);
    }

    @BeforeEach
    void needsTheAgent() {
        assumeTrue(skipReason == null, skipReason);
    }

    private static String agentProblem(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return "no agent jar at " + jar + " (build the agent module first)";
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            String premain = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Premain-Class");
            if (premain == null || j.getEntry(premain.replace('.', '/') + ".class") == null) {
                return "the agent jar at " + jar + " has no Premain-Class in it yet (agent not built in this checkout)";
            }
        }
        return null;
    }

    private static Processes ringzeroRun(Path out, int exitCode, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-o", out.toString(), "--agent", agent.toString()));
        args.addAll(List.of(options));
        args.addAll(List.of("--", Processes.java(), "-cp", classes.toString(), "ThousandWrites",
                out.resolve(FILE_NAME).toString(), Integer.toString(exitCode)));
        return Processes.run(dir, 300, Processes.cli(args.toArray(String[]::new)));
    }

    @Test
    void countsTheWritesAndComparesWithTheKernel() throws Exception {
        Path out = dir.resolve("perf");
        Processes p = ringzeroRun(out, 0);
        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(Files.readString(out.resolve(FILE_NAME))).hasSize(WRITES);

        LoadedRun lr = LoadedRun.read(out.resolve("run.json"));
        Run.Syscall write = lr.run().syscalls().stream().filter(s -> s.name().equals("write")).findFirst().orElseThrow();
        assertThat(write.calls()).isGreaterThanOrEqualTo(WRITES);
        assertThat(write.sites()).anySatisfy(s -> assertThat(String.join(" ", s.frames())).contains("ThousandWrites.main"));
        assertThat(p.out()).containsPattern("\\d+ .* write").contains("report: ");

        // auto: bpftrace where it works here, else perf
        String tool = BpftraceOracle.unavailableReason() == null ? "bpftrace" : PerfOracle.unavailableReason() == null ? "perf" : null;
        boolean perf = tool != null;
        if (perf) {
            assertThat(p.err()).contains("kernel counts: " + tool);
            Run.KernelOracle k = lr.run().kernelOracle();
            assertThat(k).as("kernel_oracle in run.json").isNotNull();
            assertThat(k.tool()).isEqualTo(tool);
            // the kernel saw at least the writes the agent counted, and the JVM's own syscalls besides
            assertThat(k.syscalls().get("write")).isGreaterThanOrEqualTo(write.calls());
            assertThat(k.total()).isGreaterThan(write.calls());
            assertThat(k.syscalls()).containsKeys("futex", "mmap");
            assertThat(p.out()).contains("kernel (" + tool + "):");
        } else {
            assertThat(p.err()).contains("kernel counts: none (");
        }

        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).doesNotContain(FILE_NAME).contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;.txt");
        // the write site names the file, and the Files and sockets table shows its path as text
        String path = out.resolve(FILE_NAME).toRealPath().toString();
        assertThat(write.sites()).anySatisfy(s -> assertThat(s.resources()).anySatisfy(r -> assertThat(r.resource()).isEqualTo(path)));
        assertThat(html).contains("<td class=\"name\">" + io.ringzero.report.render.Escape.html(path) + "</td>");
        if (perf) {
            assertThat(html).contains("Kernel coverage");
        }
        assertThat(out.resolve("report.md")).isRegularFile();
        assertThat(out.resolve("summary.json")).isRegularFile();
    }

    @Test
    void aProfiledRunGetsBothFlameGraphsAndTheMeasuredBound() throws Exception {
        Path out = dir.resolve("profiled");
        Processes p = Processes.run(dir, 300, Processes.cli("run", "-o", out.toString(), "--agent", agent.toString(),
                "--oracle", "none", "--", Processes.java(), "-cp", classes.toString(), "WritesForAWhile", "2500"));
        assertThat(p.exit()).as(p.toString()).isZero();

        Run.Profile profile = LoadedRun.read(out.resolve("run.json")).run().profile();
        assertThat(profile).as("profile in run.json").isNotNull();
        assertThat(profile.status()).isEqualTo("stopped");
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("<a href=\"run.cpu.html\">CPU flame graph</a>",
                "<a href=\"run.sites.html\">Flame graph of the syscall call sites</a>");
        // frames in the converter's table share prefixes with the one before, so count them rather than look for one
        String cpu = Files.readString(out.resolve("run.cpu.html"));
        assertThat(cpu).contains("Content-Security-Policy", "<canvas");
        int table = cpu.indexOf("const cpool = [");
        assertThat(cpu.substring(table, cpu.indexOf("\n];", table)).lines().count())
                .as("frames in the CPU flame graph").isGreaterThan(20);
        assertThat(Files.readString(out.resolve("run.sites.html"))).contains("WritesForAWhile.main");
        assertThat(Files.readString(out.resolve("report.md"))).contains("[CPU flame graph](run.cpu.html)");

        com.fasterxml.jackson.databind.JsonNode crossing = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("summary.json").toFile()).at("/ring0/crossing/0");
        assertThat(crossing.isMissingNode()).as("the Ring 0 section's measured bound").isFalse();
        if (Boolean.TRUE.equals(profile.kernelFrames()) && profile.kernelSamples() != null && profile.kernelSamples() > 0) {
            // perf_events ran: the bound is a number, system time x the share the run file gives
            assertThat(crossing.get("verdict").asText()).isNotEqualTo("no_profile");
            double system = LoadedRun.read(out.resolve("run.json")).run().cpu().now().systemS();
            assertThat(crossing.get("crossing_low_s").asDouble())
                    .isCloseTo(system * profile.entryExitShareOfKernel(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(html).contains("Measured bound: system time in syscall entry/exit");
        } else {
            // a fallback engine: no kernel frames, so no number, and the reason instead
            assertThat(crossing.get("verdict").asText()).isEqualTo("no_profile");
            assertThat(crossing.get("crossing_low_s").isNull()).isTrue();
            assertThat(crossing.get("finding").asText()).contains("no kernel frames");
        }
    }

    @Test
    void theProgramsOwnExitCodeComesBack() throws Exception {
        Path out = dir.resolve("exit3");
        Processes p = ringzeroRun(out, 3, "--oracle", "none");
        assertThat(p.exit()).as(p.toString()).isEqualTo(3);
        assertThat(p.err()).contains("kernel counts: none (--oracle none)", "the program exited with 3");
        assertThat(out.resolve("index.html")).isRegularFile(); // still reported
    }

    @Test
    void straceWhenAskedFor() throws Exception {
        assumeTrue(new ProcessBuilder("strace", "-V").start().waitFor() == 0, "strace not installed");
        Path out = dir.resolve("strace");
        Processes p = ringzeroRun(out, 0, "--oracle", "strace");
        assertThat(p.exit()).as(p.toString()).isZero();
        Run.KernelOracle k = LoadedRun.read(out.resolve("run.json")).run().kernelOracle();
        assertThat(k.tool()).isEqualTo("strace");
        assertThat(k.syscalls().get("write")).isGreaterThanOrEqualTo(WRITES);
    }

    @Test
    void refusesWhatIsNotAJavaCommand() throws Exception {
        Processes p = Processes.run(dir, 60, Processes.cli("run", "-o", dir.resolve("nojava").toString(),
                "--agent", agent.toString(), "--", "ls", "-l"));
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err().strip()).contains("expected a java command after --").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "strace", "auto"})
    void aJavaThatDoesNotExistIsOneLineWhateverTheOracle(String oracle) throws Exception {
        Processes p = Processes.run(dir, 60, Processes.cli("run", "-o", dir.resolve("nosuchjava-" + oracle).toString(),
                "--agent", agent.toString(), "--oracle", oracle, "--", "/no/such/jdk/bin/java", "-version"));
        assertThat(p.exit()).as(p.toString()).isEqualTo(2);
        assertThat(p.err().strip()).isEqualTo("ringzero run: /no/such/jdk/bin/java: no such program (give the path of a "
                + "java launcher, or one on PATH)");
    }

    /** Oracles this machine has: none always, strace and perf when they work here. */
    static List<String> oracles() throws Exception {
        List<String> out = new ArrayList<>(List.of("none"));
        if (new ProcessBuilder("strace", "-V").redirectErrorStream(true).start().waitFor() == 0) {
            out.add("strace");
        }
        if (PerfOracle.unavailableReason() == null) {
            out.add("perf");
        }
        if (BpftraceOracle.unavailableReason() == null) {
            out.add("bpftrace");
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("oracles")
    void sigintToRingzeroAloneReachesTheProgramAndTheReportIsStillWritten(String oracle) throws Exception {
        // A build started in the background of a shell without job control (nohup ... &) ignores SIGINT, and so
        // do its children, ringzero included: the JVM keeps an ignored SIGINT ignored.
        assumeTrue(!sigintIgnored(), "SIGINT is ignored in this process and so in ringzero (a background build)");
        Path out = dir.resolve("sigint-" + oracle);
        java.lang.Process ringzero = startLongRun(out, oracle);
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(ringzero.pid())).start().waitFor()).isZero();
        boolean ended = ringzero.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            ringzero.descendants().forEach(ProcessHandle::destroyForcibly);
            ringzero.destroyForcibly();
        }
        assertThat(ended).as("ringzero ends after SIGINT").isTrue();
        assertThat(LoadedRun.read(out.resolve("run.json")).run().isFinal()).as("the agent's final write").isTrue();
        assertThat(out.resolve("index.html")).isRegularFile();
    }

    @ParameterizedTest
    @MethodSource("oracles")
    void theProgramAndTheTracerDoNotOutliveAKilledRingzero(String oracle) throws Exception {
        java.lang.Process ringzero = startLongRun(dir.resolve("sigkill-" + oracle), oracle);
        List<ProcessHandle> children = ringzero.descendants().toList();
        ringzero.destroyForcibly();
        assertThat(children).as("ringzero's children").isNotEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<String> alive = children.stream().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
        children.forEach(ProcessHandle::destroyForcibly);
        assertThat(alive).as("still running 60 s after ringzero was killed").isEmpty();
    }

    /** ringzero run on a program that writes for five minutes, once the agent has written its first snapshot. */
    /** Bit 2 (SIGINT) of SigIgn in /proc/self/status. */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
            }
        }
        return false;
    }

    private static java.lang.Process startLongRun(Path out, String oracle) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.deleteIfExists(out.resolve("run.json")); // left by an earlier build
        java.lang.Process p = new ProcessBuilder(Processes.cli("run", "-o", out.toString(), "--agent", agent.toString(),
                "--oracle", oracle, "--no-model", "--", Processes.java(), "-cp", classes.toString(), "WritesForAWhile", "300000"))
                .directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(logs.resolve("long-" + oracle + ".out").toFile())
                .redirectError(logs.resolve("long-" + oracle + ".err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(out.resolve("run.json")) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(100);
        }
        if (!Files.exists(out.resolve("run.json"))) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertThat(out.resolve("run.json")).as("the agent's first snapshot").exists();
        return p;
    }
}
