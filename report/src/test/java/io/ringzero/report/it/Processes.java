package io.ringzero.report.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Launches a process for the integration tests and keeps its output. */
record Processes(int exit, String out, String err) {

    static Processes run(Path workDir, long timeoutSeconds, List<String> cmd) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        Path out = Files.createTempFile(logs, "out", ".txt");
        Path err = Files.createTempFile(logs, "err", ".txt");
        java.lang.Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd);
        }
        return new Processes(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The java executable running the tests, so the child runs on the same JDK. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static List<String> cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", cliJar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The agent's jar the build made (or {@code -Dringzero.agent.jar}), wherever it may be. */
    static Path agentJar() {
        return Path.of(System.getProperty("ringzero.agent.jar", "../agent/target/ringzero-agent.jar")).toAbsolutePath().normalize();
    }

    /** The agent's jar, or the test skipped when there is none. */
    static Path agentJarOrSkip() {
        Path agent = agentJar();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(agent), "no agent jar at " + agent);
        return agent;
    }

    /** Skips the test unless bpftrace loads a program here and, for an oracle, strace runs. */
    static void assumeBpftrace(boolean andStrace) throws IOException, InterruptedException {
        String why = io.ringzero.report.oracle.BpftraceOracle.unavailableReason();
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, why);
        if (andStrace) {
            org.junit.jupiter.api.Assumptions.assumeTrue(run(itDir("tools"), 60, List.of("strace", "-V")).exit() == 0, "no strace");
        }
    }

    static Path cliJar() {
        return Path.of(System.getProperty("ringzero.cli.jar", "target/ringzero.jar")).toAbsolutePath();
    }

    /** Compiles one class from its source into {@code dir/classes} and returns that directory. */
    static Path compile(Path dir, String className, String source, String... javacOptions) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(src.resolve(className + ".java"), source);
        List<String> args = new ArrayList<>(List.of(javacOptions));
        args.addAll(List.of("-d", classes.toString(), src.resolve(className + ".java").toString()));
        if (javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("javac failed on " + className);
        }
        return classes;
    }

    static Path itDir(String name) throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("ringzero.it.dir", "target/it")).toAbsolutePath()
                .resolve(name));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
