package io.ringzero.bench;

import io.ringzero.workloads.wisconsin.Demo;
import io.ringzero.workloads.wisconsin.DemoResult;
import io.ringzero.workloads.wisconsin.Scale;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Wisconsin demo (H2 server + JDBC client, two JVMs) at a fixed size under each tool, side by side in
 * one run: client wall time, medians over rounds, ratios to no tool. strace is left out: it would have to
 * wrap both JVMs and multiplies the run time by ten (see Overhead for its cost on micro workloads).
 *
 * <p>Usage: {@code java -cp bench/target/ringzero-bench.jar io.ringzero.bench.DemoOverhead AGENT_JAR [ROUNDS] [LOOPS]}.
 */
public final class DemoOverhead {
    public static void main(String[] args) throws Exception {
        String agent = new File(args[0]).getAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path tmp = Files.createTempDirectory("ringzero-demo-overhead");
        Path profiler = tmp.resolve("libasyncProfiler.so");
        try (InputStream in = DemoOverhead.class.getClassLoader().getResourceAsStream("linux-x64/libasyncProfiler.so")) {
            Files.copy(in, profiler, StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, String[]> tools = new LinkedHashMap<>();
        tools.put("none", new String[0]);
        tools.put("ringzero counting", new String[] {"-javaagent:" + agent + "=out=" + tmp.resolve("%s-c.json") + ",interval=1,quiet,sites=off"});
        tools.put("ringzero + sites", new String[] {"-javaagent:" + agent + "=out=" + tmp.resolve("%s-s.json") + ",interval=1,quiet"});
        tools.put("JFR default profile", new String[] {"-XX:StartFlightRecording=filename=" + tmp.resolve("%s.jfr")});
        tools.put("async-profiler cpu 10ms", new String[] {"-agentpath:" + profiler + "=start,event=cpu,interval=10ms,file=" + tmp.resolve("%s.txt") + ",collapsed"});

        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        // load the database once so every measured run reuses it
        Demo.run(java, List.of(), List.of(), 0, Scale.TENK, tmp.resolve("db"), quiet);
        Map<String, double[]> client = new LinkedHashMap<>();
        for (String t : tools.keySet()) client.put(t, new double[rounds]);
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, String[]> t : tools.entrySet()) {
                DemoResult res = Demo.run(java, args(t.getValue(), "server"), args(t.getValue(), "client"), loops, Scale.TENK,
                        tmp.resolve("db"), quiet);
                if (!res.succeeded()) throw new IllegalStateException(t.getKey() + ": " + res);
                client.get(t.getKey())[r] = res.clientSeconds();
            }
        }
        System.out.printf("Wisconsin demo, %d loops, TENK, database loaded beforehand; %d rounds; load average %s%n%n", loops, rounds,
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| tool (both JVMs) | median client wall (s) | min (s) | ratio to none |");
        System.out.println("|---|---|---|---|");
        double none = median(client.get("none"));
        for (Map.Entry<String, double[]> e : client.entrySet()) {
            System.out.printf("| %s | %.2f | %.2f | %.3f |%n", e.getKey(), median(e.getValue()),
                    Arrays.stream(e.getValue()).min().orElse(0), median(e.getValue()) / none);
        }
    }

    private static List<String> args(String[] template, String who) {
        return Arrays.stream(template).map(a -> a.replace("%s", who)).toList();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
