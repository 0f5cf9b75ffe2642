package io.ringzero.report.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.attribution.StackCategory;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Categories checked one by one on a workload built to provoke each, against {@code strace -f -k} (the calls' stacks
 * unwound with the libraries' DWARF tables) on a run of the same program: a thread that sleeps N times (one
 * {@code futex} each: {@code thread_sync}), and one that resolves a deep path N times with {@code Path.toRealPath}
 * (libc's {@code realpath}, one {@code readlink} per component, called by the JDK's native: {@code java_io}, placed
 * through the uprobe on {@code realpath}). Each category's count of its kind is within 5 % of the oracle's calls of
 * that kind with the frames that make it. And the JVM loading classes from a directory on the boot class path (a stat,
 * open, read and close each, made by HotSpot's {@code ClassPathDirEntry}: {@code class_loading}): there the oracle's
 * category is the one RingZero's own rules give strace's whole stacks, so that the test checks the stacks the tracer
 * keeps (a few frames, found without unwind tables) against complete ones.
 */
class CategoryOracleIT {

    static final String SOURCE = """
            import java.nio.file.Files;
            import java.nio.file.Path;

            public class OneCategoryEach {
                public static void main(String[] args) throws Exception {
                    int n = Integer.parseInt(args[1]);
                    Path deep = Files.createDirectories(Path.of(args[0], "a", "b", "c", "d", "e"));
                    Thread sleeper = new Thread(() -> {
                        for (int i = 0; i < n; i++) {
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "sleeper");
                    Thread resolver = new Thread(() -> {
                        try {
                            for (int i = 0; i < n; i++) {
                                deep.toRealPath();
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, "resolver");
                    sleeper.start();
                    resolver.start();
                    sleeper.join();
                    resolver.join();
                }
            }
            """;
    static final int N = 1500;
    /** What the JVM's thread synchronisation waits in, as strace -k names HotSpot's functions. */
    static final List<String> SYNC_FRAMES = List.of("JVM_Sleep", "JavaThread::sleep", "Unsafe_Park", "Parker::",
            "ObjectMonitor::", "ObjectSynchronizer::", "JVM_MonitorWait");

    static final String LOAD_SOURCE = """
            public class LoadEach {
                public static void main(String[] args) throws Exception {
                    int n = Integer.parseInt(args[0]), s = 0;
                    for (int i = 0; i < n; i++) {
                        s += Class.forName("Loaded" + i).getModifiers();
                    }
                    System.out.println(s);
                }
            }
            """;
    static final int CLASSES = 300;
    /** The kinds a class loaded from a directory costs. */
    static final List<String> LOAD_KINDS = List.of("newfstatat", "openat", "read", "close");

    static Path agent;
    static Path dir;
    static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        Processes.assumeBpftrace(true);
        agent = Processes.agentJarOrSkip();
        dir = Processes.itDir("category-oracle");
        classes = Processes.compile(dir, "OneCategoryEach", SOURCE);
    }

    @Test
    void sleepsAreThreadSyncAndRealpathsAreJavaIoWithinFivePerCentOfStrace() throws Exception {
        Path out = dir.resolve("ringzero");
        Processes p = Processes.run(dir, 600, Processes.cli("run", "-o", out.toString(), "--agent", agent.toString(),
                "--oracle", "bpftrace", "--no-model", "--", Processes.java(), "-cp", classes.toString(), "OneCategoryEach",
                dir.resolve("rz").toString(), Integer.toString(N)));
        assertThat(p.exit()).as(p.toString()).isZero();
        JsonNode coverage = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).at("/views/0/coverage");
        long sync = 0, io = 0;
        for (JsonNode k : coverage.get("by_kind")) {
            // no uretprobe: from Linux 6.11 its return is a syscall, and strace -f -c of another process returning
            // from the probed function crashed meanwhile (BpftraceProgram.ENTERED)
            assertThat(k.get("name").asText()).isNotEqualTo("uretprobe");
            if (k.get("name").asText().equals("futex")) {
                sync = k.at("/by_category/thread_sync").asLong();
            } else if (k.get("name").asText().equals("readlink")) {
                io = k.at("/by_category/java_io").asLong();
            }
        }

        Path trace = dir.resolve("strace.txt");
        Processes s = Processes.run(dir, 600, List.of("strace", "-f", "-k", "-o", trace.toString(), "-e", "trace=futex,readlink",
                Processes.java(), "-cp", classes.toString(), "OneCategoryEach", dir.resolve("st").toString(), Integer.toString(N)));
        assertThat(s.exit()).as(s.toString()).isZero();
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        Map<String, Long> waits = NativeLibraryIT.callsWithFrame(lines, f -> SYNC_FRAMES.stream().anyMatch(f::contains));
        Map<String, Long> natives = NativeLibraryIT.callsWithFrame(lines, f -> f.contains("libnio.so") || f.contains("libjava.so"));

        long expectedSync = waits.getOrDefault("futex", 0L), expectedIo = natives.getOrDefault("readlink", 0L);
        assertThat(expectedSync).as("strace's futex calls in a sleep or monitor").isGreaterThanOrEqualTo(N);
        assertThat(expectedIo).as("strace's readlink calls under the JDK's natives").isGreaterThanOrEqualTo(5L * N);
        assertThat(sync).as("thread_sync futex against strace -k's %d", expectedSync).isCloseTo(expectedSync, Percentage.withPercentage(5));
        assertThat(io).as("java_io readlink against strace -k's %d", expectedIo).isCloseTo(expectedIo, Percentage.withPercentage(5));
    }

    @Test
    void classesLoadedFromTheBootClassPathAreClassLoadingWithinFivePerCentOfStrace() throws Exception {
        StringBuilder loaded = new StringBuilder();
        for (int i = 0; i < CLASSES; i++) {
            loaded.append("class Loaded").append(i).append(" { static int v = ").append(i).append("; }\n");
        }
        Path boot = Processes.compile(dir.resolve("boot"), "Loaded", loaded.toString());
        Path app = Processes.compile(dir.resolve("load"), "LoadEach", LOAD_SOURCE);
        List<String> java = List.of(Processes.java(), "-Xbootclasspath/a:" + boot, "-cp", app.toString(), "LoadEach",
                Integer.toString(CLASSES));

        Path out = dir.resolve("ringzero-load");
        List<String> run = new ArrayList<>(Processes.cli("run", "-o", out.toString(), "--agent", agent.toString(),
                "--oracle", "bpftrace", "--no-model", "--"));
        run.addAll(java);
        Processes p = Processes.run(dir, 600, run);
        assertThat(p.exit()).as(p.toString()).isZero();
        Map<String, Long> ringzero = new HashMap<>();
        for (JsonNode k : new ObjectMapper().readTree(out.resolve("summary.json").toFile()).at("/views/0/coverage/by_kind")) {
            ringzero.put(k.get("name").asText(), k.at("/by_category/class_loading").asLong());
        }

        Path trace = dir.resolve("strace-load.txt");
        List<String> st = new ArrayList<>(List.of("strace", "-f", "-k", "-o", trace.toString(), "-e", "trace=" + String.join(",", LOAD_KINDS),
                java.get(0), "-javaagent:" + agent + "=out=" + dir.resolve("strace-load.json") + ",quiet"));
        // with the agent as under RingZero: its classes are looked for on the boot class path too
        st.addAll(java.subList(1, java.size()));
        Processes s = Processes.run(dir, 600, st);
        assertThat(s.exit()).as(s.toString()).isZero();
        Map<String, Long> oracle = classLoadingByStack(Files.readAllLines(trace, StandardCharsets.UTF_8));

        assertThat(oracle.getOrDefault("openat", 0L)).as("strace's class-loading opens").isGreaterThanOrEqualTo(CLASSES);
        for (String kind : LOAD_KINDS) {
            long expected = oracle.getOrDefault(kind, 0L);
            System.out.printf("class_loading %s: RingZero %d, strace -k %d%n", kind, ringzero.getOrDefault(kind, 0L), expected);
            assertThat(ringzero.getOrDefault(kind, 0L)).as("class_loading %s against strace -k's %d", kind, expected)
                    .isCloseTo(expected, Percentage.withPercentage(5));
        }
    }

    /** Per kind, the calls whose whole stack StackCategory puts in class loading. */
    static Map<String, Long> classLoadingByStack(List<String> lines) {
        Map<String, Long> counts = new HashMap<>();
        for (StraceStacks.Call c : StraceStacks.calls(lines)) {
            StackCategory.Decision d = StackCategory.of(c.named());
            if (d != null && d.category() == Category.CLASS_LOADING) {
                counts.merge(c.kind(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
