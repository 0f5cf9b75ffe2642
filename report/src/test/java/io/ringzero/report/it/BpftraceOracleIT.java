package io.ringzero.report.it;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ringzero run --oracle bpftrace}: the kernel's per-thread counts are exact, and each thread gets its
 * category. A thread with a name of its own (hostile, to check the escaping) makes N or 2N one-byte writes to a file
 * and nothing else: its row must hold exactly N or 2N writes.
 */
class BpftraceOracleIT {

    static final String THREAD = "<b>w\"'&";
    static final String SOURCE = """
            import java.io.FileOutputStream;

            public class NamedWriter {
                public static void main(String[] args) throws Exception {
                    int n = Integer.parseInt(args[1]);
                    try (FileOutputStream out = new FileOutputStream(args[0])) {
                        Thread t = new Thread(() -> {
                            try {
                                for (int i = 0; i < n; i++) out.write('x');
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }, "%s");
                        t.start();
                        t.join();
                    }
                }
            }
            """.formatted(THREAD.replace("\"", "\\\""));
    static final int N = 3000;

    static Path agent;
    static Path classes;
    static Path dir;

    @BeforeAll
    static void compile() throws Exception {
        Processes.assumeBpftrace(false);
        agent = Processes.agentJarOrSkip();
        dir = Processes.itDir("bpftrace");
        classes = Processes.compile(dir, "NamedWriter", SOURCE);
    }

    @Test
    void perThreadCountsAreExactAndCategorised() throws Exception {
        Run once = run("n", N);
        Run twice = run("2n", 2 * N);
        assertThat(writesOf(once, THREAD)).isEqualTo(N);
        assertThat(writesOf(twice, THREAD)).isEqualTo(2L * N);
        // (the process's other writes differ between runs: the agent's own run-file writes, the JVM's output)
        // the per-thread rows add up to the process's totals
        for (Run r : new Run[] {once, twice}) {
            assertThat(r.kernelOracle().threads().stream().mapToLong(Run.KernelThread::calls).sum()).isEqualTo(r.kernelOracle().total());
            assertThat(r.kernelOracle().threads()).anySatisfy(t -> assertThat(t.name()).startsWith("C2 CompilerThre"));
            // the agent names the thread that runs main(), which the kernel knows only as "java"
            assertThat(r.kernelOracle().threads()).anySatisfy(t -> assertThat(t.tid()).isEqualTo(r.process().mainTid()));
        }
        // every one of the thread's writes has its stack, named: libc's write, then the JDK's native in libjava
        long tid = twice.kernelOracle().threads().stream().filter(t -> t.name().equals(THREAD)).findFirst().orElseThrow().tid();
        List<Run.KernelStack> writes = twice.kernelOracle().stacks().stream()
                .filter(s -> s.tid() == tid && s.syscall().equals("write")).toList();
        assertThat(writes.stream().mapToLong(Run.KernelStack::calls).sum()).isEqualTo(2L * N);
        assertThat(writes.get(0).frames().get(0)).endsWith("(libc.so.6)");
        assertThat(writes.get(0).frames()).anySatisfy(f -> assertThat(f).endsWith("(libjava.so)"));
        // the JVM read its classes from the jimage: class loading, by the stack, on the thread that runs main()
        assertThat(twice.kernelOracle().stacks()).anySatisfy(s -> {
            assertThat(s.tid()).isEqualTo(twice.process().mainTid());
            assertThat(s.frames()).anySatisfy(f -> assertThat(f).isEqualTo("JIMAGE_GetResource (libjimage.so)"));
        });

        Path out = dir.resolve("2n");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("### Who makes the syscalls", "`java_io`", "`jit`");
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("Who makes the syscalls").doesNotContain("<b>w\"").contains("&lt;b&gt;w&quot;&#39;&amp;");
        com.fasterxml.jackson.databind.JsonNode coverage = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("summary.json").toFile()).at("/views/0/coverage");
        assertThat(coverage.at("/by_category/java_io").asLong()).isGreaterThanOrEqualTo(2L * N);
        assertThat(coverage.at("/by_category/jit").asLong()).isPositive();
        assertThat(coverage.at("/by_category/class_loading").asLong()).isPositive();
        assertThat(coverage.at("/top_stacks")).anySatisfy(st -> assertThat(st.get("category").asText()).isEqualTo("class_loading"));
        assertThat(html).contains("The stacks behind each category", "JIMAGE_GetResource (libjimage.so)");
        // the JVM's perf map was read and removed
        assertThat(Path.of("/tmp/perf-" + twice.process().pid() + ".map")).doesNotExist();
    }

    private static Run run(String name, int writes) throws Exception {
        Path out = dir.resolve(name);
        Processes p = Processes.run(dir, 300, Processes.cli("run", "-o", out.toString(), "--agent", agent.toString(),
                "--oracle", "bpftrace", "--no-model", "--", Processes.java(), "-cp", classes.toString(), "NamedWriter",
                out.resolve("data.txt").toString(), Integer.toString(writes)));
        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(p.err()).contains("kernel counts: bpftrace");
        return LoadedRun.read(out.resolve("run.json")).run();
    }

    private static long writesOf(Run r, String thread) {
        return r.kernelOracle().threads().stream().filter(t -> t.name().equals(thread)).findFirst().orElseThrow()
                .syscalls().getOrDefault("write", 0L);
    }
}
