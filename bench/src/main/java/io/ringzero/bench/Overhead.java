package io.ringzero.bench;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Whole-process overhead, side by side in one run: each round runs every tool once on the same workload, in
 * turn, so that the machine's drift hits all of them alike; medians over the rounds, ratios to no tool.
 *
 * <p>Usage: {@code java [-Dworkloads=write16,pingpong] [-Dtools=none,ringzero] -cp bench/target/ringzero-bench.jar
 * io.ringzero.bench.Overhead AGENT_JAR [ROUNDS]} (the properties keep the workloads and tools whose names start
 * with one of the given words; all by default; {@code -Dscale=N} runs N times the operations; {@code -Dtaskset=CPUS}
 * runs every command under {@code taskset -c CPUS}). Prints a
 * Markdown table for docs/benchmarks.md. Needs strace, perf, bpftrace (root) and GNU time (/usr/bin/time) for max RSS.
 */
public final class Overhead {
    record Case(String workload, int n) { }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = new File(Overhead.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        Path tmp = Files.createTempDirectory("ringzero-overhead");
        String cp = workloadClasses(jar, tmp.resolve("classes")).toString();
        Path profiler = extract("linux-x64/libasyncProfiler.so", tmp.resolve("libasyncProfiler.so"));
        Path jfc = Files.writeString(tmp.resolve("io.jfc"), JFC);

        Map<String, UnaryOperator<List<String>>> tools = new LinkedHashMap<>();
        tools.put("none", cmd -> cmd);
        tools.put("ringzero counting (sites=off,profile=off)", cmd -> jvmArg(cmd, "-javaagent:" + agent + "=out=" + tmp.resolve("c.json") + ",interval=0,quiet,sites=off,profile=off"));
        tools.put("ringzero + sites (profile=off)", cmd -> jvmArg(cmd, "-javaagent:" + agent + "=out=" + tmp.resolve("s.json") + ",interval=0,quiet,profile=off"));
        tools.put("ringzero default (sites, cpu profile)", cmd -> jvmArg(cmd, "-javaagent:" + agent + "=out=" + tmp.resolve("d.json") + ",interval=0,quiet"));
        // JFR's default settings with and without the agent: the agent's events and periodic hook while a recording runs
        tools.put("jfr default recording", cmd -> jvmArg(cmd, "-XX:StartFlightRecording=filename=" + tmp.resolve("default.jfr") + ",settings=default"));
        tools.put("ringzero + sites + jfr default recording", cmd -> jvmArg(jvmArg(cmd, "-javaagent:" + agent + "=out=" + tmp.resolve("j.json") + ",interval=0,quiet,profile=off"),
                "-XX:StartFlightRecording=filename=" + tmp.resolve("rz.jfr") + ",settings=default"));
        tools.put("strace -f -c", cmd -> prefix(cmd, "strace", "-f", "-c", "-o", tmp.resolve("strace.txt").toString()));
        // the kernel's counts as `ringzero run` records them: perf stat on every syscall tracepoint (its --oracle perf),
        // bpftrace per thread (its default), and each beside the agent's defaults
        UnaryOperator<List<String>> perf = cmd -> prefix(cmd, "perf", "stat", "-x", ",", "-o", tmp.resolve("perf.txt").toString(),
                "-e", "raw_syscalls:sys_enter", "-e", "syscalls:sys_enter_*", "--");
        UnaryOperator<List<String>> bpftrace = cmd -> List.of("bpftrace", "-q", "-f", "json", "-o", tmp.resolve("bpf.json").toString(),
                "-e", BPFTRACE, "-c", String.join(" ", cmd));
        UnaryOperator<List<String>> agentDefault = tools.get("ringzero default (sites, cpu profile)");
        tools.put("perf stat, syscall tracepoints", perf);
        tools.put("bpftrace per thread", bpftrace);
        UnaryOperator<List<String>> bpftraceStacks = cmd -> BPFTRACE_STACKS == null
                ? List.of("sh", "-c", "echo 'build report/target/ringzero.jar first (or set -Dringzero.cli.jar)' >&2; exit 2")
                : List.of("env", "BPFTRACE_MAP_KEYS_MAX=131072", "bpftrace", "-q", "-f", "json",
                "-o", tmp.resolve("bpf-stacks.json").toString(), "-e", BPFTRACE_STACKS, "-c", String.join(" ", cmd));
        tools.put("bpftrace per thread and stack", bpftraceStacks);
        tools.put("ringzero default + bpftrace stacks", cmd -> bpftraceStacks.apply(agentDefault.apply(cmd)));
        tools.put("ringzero default + perf stat", cmd -> perf.apply(agentDefault.apply(cmd)));
        tools.put("ringzero default + bpftrace", cmd -> bpftrace.apply(agentDefault.apply(cmd)));
        tools.put("JFR I/O events, threshold 0", cmd -> jvmArg(cmd, "-XX:StartFlightRecording=filename=" + tmp.resolve("r.jfr") + ",settings=" + jfc));
        tools.put("async-profiler cpu 10ms", cmd -> jvmArg(cmd, "-agentpath:" + profiler + "=start,event=cpu,interval=10ms,file=" + tmp.resolve("ap.txt") + ",collapsed"));

        tools.keySet().removeIf(t -> !selected(t, "tools"));
        System.out.printf("machine: %s, %d cpus, kernel %s, %s %s; %d rounds; load average at start %s%n%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), rounds, loadAverage());
        System.out.println("| workload | tool | median wall (s) | min (s) | ratio to none | median loop (s) | loop ratio | median max RSS (MB) | median CPU (s) | CPU ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        int scale = Integer.getInteger("scale", 1); // -Dscale=10: ten times the operations, start-up amortised
        for (Case k : List.of(new Case("write16", 1_000_000), new Case("pingpong", 100_000), new Case("exists", 300_000), new Case("reopen", 200_000), new Case("handoff", 5_000), new Case("hello", 0))) {
            if (!selected(k.workload(), "workloads")) continue;
            Case c = new Case(k.workload(), k.n() * scale);
            List<String> base = List.of(java, "-cp", cp, Workload.class.getName(), c.workload(), String.valueOf(c.n()));
            // -Dtaskset=0: every run on CPU 0 only. On a VM a loopback round trip between two CPUs waits mostly for
            // the other vCPU to wake (~120 us here against ~23 us on one CPU), which hides what each syscall costs.
            String cpus = System.getProperty("taskset");
            Map<String, double[][]> results = new LinkedHashMap<>();
            for (String t : tools.keySet()) results.put(t, new double[4][rounds]);
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, UnaryOperator<List<String>>> t : tools.entrySet()) {
                    List<String> cmd = t.getValue().apply(base);
                    double[] m = measure(cpus == null ? cmd : prefix(cmd, "taskset", "-c", cpus), tmp);
                    for (int i = 0; i < m.length; i++) results.get(t.getKey())[i][r] = m[i];
                }
            }
            double none = median(results.get("none")[0]), noneLoop = median(results.get("none")[2]), noneCpu = median(results.get("none")[3]);
            for (Map.Entry<String, double[][]> e : results.entrySet()) {
                double med = median(e.getValue()[0]), loop = median(e.getValue()[2]);
                double cpu = median(e.getValue()[3]);
                System.out.printf("| %s (n=%d) | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f | %.3f | %.3f |%n", c.workload(), c.n(), e.getKey(), med,
                        Arrays.stream(e.getValue()[0]).min().orElse(0), med / none, loop, loop / noneLoop, median(e.getValue()[1]) / 1024, cpu, cpu / noneCpu);
            }
        }
        System.out.printf("%nload average at end %s%n", loadAverage());
    }

    /** Whether the system property {@code property} (comma-separated words) is unset or has a prefix of {@code name}. */
    private static boolean selected(String name, String property) {
        String wanted = System.getProperty(property);
        if (wanted == null) return true;
        for (String w : wanted.split(",")) if (name.startsWith(w.trim())) return true;
        return false;
    }

    /** The program of the CLI's BpftraceOracle. */
    private static final String BPFTRACE = "tracepoint:raw_syscalls:sys_enter /pid == cpid/ { @calls[tid, args->id] = count(); }\n"
            + "tracepoint:task:task_rename /pid == cpid/ { @names[args->pid] = args->newcomm; }\n";

    /**
     * What `ringzero run` records: the report's BpftraceProgram, read from the CLI's jar beside the agent's
     * (report/target/ringzero.jar), so that the two cannot drift apart.
     */
    private static final String BPFTRACE_STACKS = stackProgram();

    private static String stackProgram() {
        Path cli = Path.of(System.getProperty("ringzero.cli.jar", "report/target/ringzero.jar"));
        try (java.net.URLClassLoader l = new java.net.URLClassLoader(new java.net.URL[] {cli.toUri().toURL()}, null)) {
            java.lang.reflect.Field f = l.loadClass("io.ringzero.report.oracle.BpftraceProgram").getDeclaredField("WITH_STACKS");
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (Exception e) {
            return null; // the tools that need it say so when they run
        }
    }

    /** JFR's file and socket I/O events with every call recorded, and their stacks. */
    private static final String JFC = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
            + event("jdk.FileRead") + event("jdk.FileWrite") + event("jdk.SocketRead") + event("jdk.SocketWrite") + "</configuration>\n";

    private static String event(String name) {
        return "  <event name=\"" + name + "\"><setting name=\"enabled\">true</setting><setting name=\"stackTrace\">true</setting>"
                + "<setting name=\"threshold\">0 ms</setting></event>\n";
    }

    private static List<String> jvmArg(List<String> cmd, String arg) {
        List<String> c = new ArrayList<>(cmd);
        c.add(1, arg);
        return c;
    }

    private static List<String> prefix(List<String> cmd, String... before) {
        List<String> c = new ArrayList<>(List.of(before));
        c.addAll(cmd);
        return c;
    }

    /**
     * Wall seconds, max RSS (KiB, from GNU time), the workload's own loop seconds (its {@code loop_s} line:
     * the operations without start-up and exit) and CPU seconds (user + system, from GNU time: less moved than wall
     * time by other load on the machine) of one run.
     */
    private static double[] measure(List<String> cmd, Path tmp) throws Exception {
        Path rss = tmp.resolve("rss.txt"), out = tmp.resolve("out.txt");
        List<String> timed = prefix(cmd, "/usr/bin/time", "-f", "%M %U %S", "-o", rss.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        int exit = p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) throw new IllegalStateException("exit " + exit + ": " + cmd);
        List<String> lines = Files.readAllLines(rss);
        double loop = Double.NaN;
        for (String line : Files.readAllLines(out)) if (line.startsWith("loop_s ")) loop = Double.parseDouble(line.substring(7));
        String[] f = lines.get(lines.size() - 1).trim().split(" ");
        return new double[] {s, Double.parseDouble(f[0]), loop, Double.parseDouble(f[1]) + Double.parseDouble(f[2])};
    }

    /**
     * The workload's classes alone: this jar holds a copy of the agent's classes too (for CounterBench), which on the
     * workload's class path would come before the agent jar's and stand in for the agent being measured.
     */
    private static Path workloadClasses(String jar, Path dir) throws Exception {
        String prefix = Workload.class.getName().replace('.', '/');
        try (JarFile j = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().startsWith(prefix)) continue;
                Path to = dir.resolve(entry.getName());
                Files.createDirectories(to.getParent());
                try (InputStream in = j.getInputStream(entry)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    private static Path extract(String resource, Path to) throws Exception {
        try (InputStream in = Overhead.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing " + resource + " on the class path");
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static String cpuModel() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        }
        return "unknown";
    }
}
