package io.ringzero.report.it;

import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import io.ringzero.report.runfile.RunFileReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM's own categories ({@code gc}, {@code jit}, {@code class_loading}, {@code jvm_other}, {@code thread_sync})
 * checked on one run seen by two tracers: {@code ringzero run} records it with bpftrace while {@code strace -f -k},
 * attached before the JVM starts, unwinds every call with the libraries' DWARF tables. The same attribution rules
 * ({@link Attribution}) applied to strace's whole stacks give the oracle's count of each category and kind; RingZero's,
 * from the few frames its tracer keeps, must be within 5 % of it (or {@link #SLACK} calls) wherever the oracle
 * counts 50 calls or more, but for {@link #SHORT_STACKS}. One run for both: a collection's heap growth, a compiler
 * thread's wakeups follow timing, which two runs would not share.
 * The workload grows a serial heap under kept arrays (the VM thread commits memory for it: {@code gc}), loads classes
 * from the boot class path ({@code class_loading}), compiles a method (the compiler threads), and sleeps on a thread.
 */
class SubsystemCategoriesIT {

    static final String SOURCE = """
            import java.util.ArrayList;
            import java.util.List;

            public class JvmAtWork {
                static long sink;

                public static void main(String[] args) throws Exception {
                    int arrays = Integer.parseInt(args[0]), classes = Integer.parseInt(args[1]);
                    Thread sleeper = new Thread(() -> {
                        for (int i = 0; i < 300; i++) {
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "sleeper");
                    sleeper.start();
                    for (int i = 0; i < classes; i++) {
                        sink += Class.forName("Loaded" + i).getModifiers();
                    }
                    List<byte[]> kept = new ArrayList<>();
                    for (int i = 0; i < arrays; i++) {
                        kept.add(new byte[256 * 1024]);
                        for (int j = 0; j < 200; j++) {
                            sink += work(i, j);
                        }
                    }
                    sleeper.join();
                    System.out.println(kept.size() + " " + sink);
                }

                static long work(int i, int j) {
                    long s = 0;
                    for (int k = 0; k < 100; k++) {
                        s += (long) (i ^ k) * j;
                    }
                    return s;
                }
            }
            """;
    static final int ARRAYS = 600;
    static final int CLASSES = 150;
    /** Below this many calls of a kind in a category, the oracle's count is not compared. */
    static final long COMPARED_FROM = 50;
    /**
     * Calls of a kind that may sit in another category than the oracle's, beyond the 5 %: paths deeper than the frames
     * the tracer keeps. At start-up, libc's stdio (a cgroup file read through {@code fgets}, five libc functions deep)
     * and malloc growing an arena (its {@code mprotect}); the VM thread's cgroup reads for the collector. Each was 4 to
     * 22 calls on this workload.
     */
    static final long SLACK = 30;
    /**
     * Where the kept frames miss a share of the calls, printed but not compared: a Java thread waiting in
     * {@code pthread_cond_wait} for the collection it asked for, {@code VMThread::execute} seven frames out. RingZero
     * finds the ones whose stale stack words happen to name the collector (25-37 of strace's 59-62 in five runs).
     */
    static final List<String> SHORT_STACKS = List.of("gc futex");
    static final List<Category> CHECKED = List.of(Category.GC, Category.JIT, Category.CLASS_LOADING, Category.JVM_OTHER,
            Category.THREAD_SYNC);

    static Path agent;
    static Path dir;
    static Path classes;
    static Path boot;

    @BeforeAll
    static void compile() throws Exception {
        Processes.assumeBpftrace(true);
        agent = Processes.agentJarOrSkip();
        dir = Processes.itDir("subsystem-categories");
        classes = Processes.compile(dir, "JvmAtWork", SOURCE);
        StringBuilder loaded = new StringBuilder();
        for (int i = 0; i < CLASSES; i++) {
            loaded.append("class Loaded").append(i).append(" { static int v = ").append(i).append("; }\n");
        }
        boot = Processes.compile(dir.resolve("boot"), "Loaded", loaded.toString());
    }

    @Test
    void theJvmsCategoriesFromTheTracersFramesAreWithinFivePerCentOfStraceOnTheSameRun() throws Exception {
        Path out = dir.resolve("ringzero"), pid = dir.resolve("pid"), go = dir.resolve("go"), trace = dir.resolve("strace.txt");
        Files.deleteIfExists(pid);
        Files.deleteIfExists(go);
        Files.deleteIfExists(trace);
        if (new ProcessBuilder("mkfifo", go.toString()).start().waitFor() != 0) {
            throw new AssertionError("mkfifo " + go);
        }
        // In place of java: a script that waits for strace to attach, then execs the JVM in the same process, with
        // the options ringzero run put after "java".
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho $$ > '%s'\nread x < '%s'\nexec '%s' \"$@\"\n".formatted(pid, go, Processes.java()));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

        List<String> cmd = new ArrayList<>(Processes.cli("run", "-o", out.toString(), "--agent", agent.toString(),
                "--oracle", "bpftrace", "--no-model", "--agent-options", "profile=off", "--", java.toString(),
                "-XX:+UseSerialGC", "-Xms8m", "-Xmx512m", "-Xbootclasspath/a:" + boot, "-cp", classes.toString(), "JvmAtWork",
                Integer.toString(ARRAYS), Integer.toString(CLASSES)));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Process ringzero = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(logs.resolve("run.out").toFile()).redirectError(logs.resolve("run.err").toFile()).start();
        Process strace = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(pid) && Files.readString(pid).endsWith("\n")) && System.nanoTime() < deadline && ringzero.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(Files.exists(pid)).as("the script started under ringzero run: %s", Files.readString(logs.resolve("run.err"))).isTrue();
            Path straceErr = logs.resolve("strace.err");
            strace = new ProcessBuilder("strace", "-f", "-k", "-o", trace.toString(), "-p", Files.readString(pid).strip())
                    .redirectOutput(logs.resolve("strace.out").toFile()).redirectError(straceErr.toFile()).start();
            while (!Files.readString(straceErr).contains("attached") && System.nanoTime() < deadline && strace.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(strace.isAlive()).as("strace attached: %s", Files.readString(straceErr)).isTrue();
            Files.writeString(go, "go\n"); // the script's read returns: exec java
            assertThat(ringzero.waitFor(600, TimeUnit.SECONDS)).as("ringzero run ended").isTrue();
            assertThat(ringzero.exitValue()).as(Files.readString(logs.resolve("run.err"))).isZero();
            assertThat(strace.waitFor(60, TimeUnit.SECONDS)).as("strace ended").isTrue();
        } finally {
            ringzero.descendants().forEach(ProcessHandle::destroyForcibly);
            ringzero.destroyForcibly();
            if (strace != null) {
                strace.destroyForcibly();
            }
        }

        // The process's first thread ran the script before strace attached, then the launcher: both sides leave it out.
        long first = Long.parseLong(Files.readString(pid).strip());
        LoadedRun run = RunFileReader.read(out.resolve("run.json"));
        LoadedRun recorded = withKernel(run, without(run.run().kernelOracle(), first));
        LoadedRun unwound = withKernel(run, without(straceKernel(run, StraceStacks.calls(Files.readAllLines(trace, StandardCharsets.UTF_8))), first));
        Map<String, Long> javaLevel = new TreeMap<>();
        recorded.run().syscalls().forEach(s -> javaLevel.merge(s.name(), s.calls(), Long::sum));
        Attribution ringzeros = Attribution.of(List.of(recorded), javaLevel), oracle = Attribution.of(List.of(unwound), javaLevel);

        Map<String, long[]> compared = new LinkedHashMap<>();
        for (Category c : CHECKED) {
            oracle.byKind().forEach((kind, cats) -> {
                long expected = cats.getOrDefault(c, 0L);
                if (expected >= COMPARED_FROM) {
                    compared.put(c.id + " " + kind, new long[] {ringzeros.byKind().getOrDefault(kind, Map.of()).getOrDefault(c, 0L), expected});
                }
            });
        }
        compared.forEach((k, v) -> System.out.printf("%s: RingZero %d, strace -k %d%n", k, v[0], v[1]));
        assertThat(compared.keySet()).as("the workload's categories").contains("gc mmap", "class_loading openat", "thread_sync futex")
                .anyMatch(k -> k.startsWith("jit ")).anyMatch(k -> k.startsWith("jvm_other "));
        compared.keySet().removeAll(SHORT_STACKS);
        compared.forEach((k, v) -> assertThat(v[0]).as("%s against strace -k's %d on the same run", k, v[1])
                .isCloseTo(v[1], org.assertj.core.data.Offset.offset(Math.max(SLACK, v[1] * 5 / 100))));
    }

    /**
     * strace's calls as the tracer's counts: per thread its calls of each kind, per thread, kind and whole stack (named
     * as the Symbolizer names frames) the calls again; the threads' names as the tracer saw them.
     */
    static Run.KernelOracle straceKernel(LoadedRun recorded, List<StraceStacks.Call> calls) {
        Map<Long, String> names = new HashMap<>();
        recorded.run().kernelOracle().threads().forEach(t -> names.put(t.tid(), t.name()));
        Map<Long, Map<String, Long>> byThread = new TreeMap<>();
        Map<List<Object>, Long> byStack = new LinkedHashMap<>();
        for (StraceStacks.Call c : calls) {
            byThread.computeIfAbsent(c.tid(), t -> new TreeMap<>()).merge(c.kind(), 1L, Long::sum);
            byStack.merge(List.of(c.tid(), c.kind(), c.named()), 1L, Long::sum);
        }
        List<Run.KernelThread> threads = new ArrayList<>();
        byThread.forEach((tid, kinds) -> threads.add(new Run.KernelThread(tid, names.getOrDefault(tid, "(unnamed)"),
                kinds.values().stream().mapToLong(Long::longValue).sum(), kinds)));
        List<Run.KernelStack> stacks = new ArrayList<>();
        byStack.forEach((k, n) -> {
            @SuppressWarnings("unchecked")
            List<String> frames = (List<String>) k.get(2);
            stacks.add(new Run.KernelStack((Long) k.get(0), (String) k.get(1), n, frames));
        });
        return new Run.KernelOracle("strace -k", Map.of(), (long) calls.size(), threads, stacks, null);
    }

    /** The counts without one thread's. */
    static Run.KernelOracle without(Run.KernelOracle k, long tid) {
        return new Run.KernelOracle(k.tool(), k.syscalls(), k.total(), k.threads().stream().filter(t -> t.tid() != tid).toList(),
                k.stacks().stream().filter(s -> s.tid() != tid).toList(), k.tracerS());
    }

    static LoadedRun withKernel(LoadedRun recorded, Run.KernelOracle kernel) {
        Run r = recorded.run();
        return new LoadedRun(recorded.file(), new Run(r.schema(), r.isFinal(), r.agent(), r.process(), r.machine(), r.cpu(),
                r.totals(), r.syscalls(), r.agentOwn(), r.snapshots(), r.uncovered(), kernel, r.profile(), r.window(),
                r.threads(), r.codeMaps()), recorded.label());
    }
}
