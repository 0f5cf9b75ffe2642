package io.ringzero.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link IoWorkload} in a child JVM of the same JDK as the tests, with or without the agent and strace. */
final class ChildJvm {
    static final Path AGENT = Paths.get(System.getProperty("ringzero.agent.jar", "target/ringzero-agent.jar")).toAbsolutePath();
    static final String CLASSES = System.getProperty("ringzero.test.classes", "target/test-classes");
    static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exit, String stdout, String stderr, Path runFile, Path straceFile) {
        JsonNode run() throws IOException { return JSON.readTree(runFile.toFile()); }

        /** Application calls per syscall kind, from the run file. */
        Map<String, Long> agentCalls() throws IOException { return calls(run().get("syscalls")); }

        /** The agent's own calls per syscall kind (its run file, /proc reads, probes), from the run file. */
        Map<String, Long> ownCalls() throws IOException { return calls(run().get("agent_own").get("syscalls")); }

        private static Map<String, Long> calls(JsonNode syscalls) {
            Map<String, Long> m = new HashMap<>();
            for (JsonNode s : syscalls) m.put(s.get("name").asText(), s.get("calls").asLong());
            return m;
        }

        /** Calls per syscall kind from {@code strace -f -c}. */
        Map<String, Long> straceCalls() throws IOException { return parseStrace(Files.readAllLines(straceFile)); }
    }

    private ChildJvm() { }

    static Result run(Path work, String agentOptions, boolean strace, String... workload) throws Exception {
        Path straceFile = work.resolve("strace.txt");
        return run(work, strace ? List.of("strace", "-f", "-c", "-o", straceFile.toString()) : List.of(), List.of(), agentOptions, workload);
    }

    /** With a command in front of the JVM (e.g. strace with fault injection) and extra JVM arguments. */
    static Result run(Path work, List<String> prefix, List<String> jvmArgs, String agentOptions, String... workload) throws Exception {
        Files.createDirectories(work);
        Path runFile = work.resolve("run.json");
        Path straceFile = work.resolve("strace.txt");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(JAVA);
        // The JVM's own reads of cgroup and hsperfdata files are openat/read/close too: they are not what is
        // measured here, and their number varies with run time.
        cmd.addAll(List.of("-XX:-UseContainerSupport", "-XX:-UsePerfData"));
        cmd.addAll(jvmArgs);
        if (agentOptions != null) {
            cmd.add("-javaagent:" + AGENT + "=" + (agentOptions.isEmpty() ? "out=" + runFile : agentOptions.replace("@RUN", runFile.toString())));
        }
        if (!jvmArgs.contains("-cp")) cmd.addAll(List.of("-cp", CLASSES)); // a test may give its own class path
        cmd.add(IoWorkload.class.getName());
        cmd.addAll(List.of(workload));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + cmd);
        }
        return new Result(p.exitValue(), read(work.resolve("stdout.txt")), read(work.resolve("stderr.txt")), runFile, straceFile);
    }

    static String read(Path p) throws IOException { return new String(Files.readAllBytes(p), StandardCharsets.UTF_8); }

    /** strace -c rows: "% time seconds usecs/call calls [errors] syscall"; the calls column is the fourth. */
    static Map<String, Long> parseStrace(List<String> lines) {
        Map<String, Long> m = new HashMap<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !Character.isDigit(f[0].charAt(0)) || f[f.length - 1].equals("total")) continue;
            try {
                m.put(f[f.length - 1], Long.parseLong(f[3]));
            } catch (NumberFormatException e) {
                // a header or separator line
            }
        }
        return m;
    }

    static boolean hasStrace() {
        try {
            return new ProcessBuilder("strace", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static int feature() { return Runtime.version().feature(); }
}
