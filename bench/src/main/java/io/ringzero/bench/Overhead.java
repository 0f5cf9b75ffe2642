package io.ringzero.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Whole-process overhead, side by side in one run: each round runs every tool once on the same workload,
 * in turn, so that the machine's drift hits all of them alike; medians over the rounds, ratios to no tool.
 *
 * <p>Usage: {@code java -cp bench/target/ringzero-bench.jar io.ringzero.bench.Overhead AGENT_JAR [ROUNDS]}.
 * Prints a Markdown table (docs/benchmarks.md).
 */
public final class Overhead {
    record Case(String workload, int n) { }

    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = new File(Overhead.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        Path tmp = Files.createTempDirectory("ringzero-overhead");

        Map<String, Function<List<String>, List<String>>> tools = new LinkedHashMap<>();
        tools.put("none", cmd -> cmd);
        tools.put("ringzero counting", cmd -> withAgent(cmd, agent + "=out=" + tmp.resolve("c.json") + ",interval=0,quiet,sites=off"));
        tools.put("ringzero + sites", cmd -> withAgent(cmd, agent + "=out=" + tmp.resolve("s.json") + ",interval=0,quiet"));
        tools.put("strace -f -c", cmd -> {
            List<String> c = new ArrayList<>(List.of("strace", "-f", "-c", "-o", tmp.resolve("strace.txt").toString()));
            c.addAll(cmd);
            return c;
        });

        System.out.printf("machine: %s, %d cpus, %s %s; %d rounds%n%n", cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), rounds);
        System.out.println("| workload | tool | median wall (s) | min (s) | ratio to none (median) |");
        System.out.println("|---|---|---|---|---|");
        for (Case c : List.of(new Case("write16", 1_000_000), new Case("pingpong", 100_000), new Case("hello", 0))) {
            List<String> base = List.of(java, "-cp", cp, Workload.class.getName(), c.workload(), String.valueOf(c.n()));
            Map<String, double[]> times = new LinkedHashMap<>();
            for (String t : tools.keySet()) times.put(t, new double[rounds]);
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Function<List<String>, List<String>>> t : tools.entrySet()) {
                    times.get(t.getKey())[r] = time(t.getValue().apply(base));
                }
            }
            double none = median(times.get("none"));
            for (Map.Entry<String, double[]> e : times.entrySet()) {
                double med = median(e.getValue());
                System.out.printf("| %s (n=%d) | %s | %.3f | %.3f | %.3f |%n", c.workload(), c.n(), e.getKey(), med,
                        Arrays.stream(e.getValue()).min().orElse(0), med / none);
            }
        }
    }

    private static List<String> withAgent(List<String> cmd, String agentArg) {
        List<String> c = new ArrayList<>(cmd);
        c.add(1, "-javaagent:" + agentArg);
        return c;
    }

    private static double time(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) throw new IllegalStateException("exit " + exit + ": " + cmd);
        return s;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String cpuModel() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        }
        return "unknown";
    }
}
