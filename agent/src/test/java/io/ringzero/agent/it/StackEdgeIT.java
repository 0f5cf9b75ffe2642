package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application with small thread stacks ({@code -Xss256k}) that recurses into StackOverflowError while writing a
 * file, under the agent with its default options: it must end as it ends without the agent. With the CPU profile
 * on, the profiler's samples are 2048 frames deep, and async-profiler's flame-graph dump recurses once per frame:
 * on a thread of the application's stack size it died of SIGSEGV (exit 139) in 9 runs of 9
 * (docs/profiler/stack-overflow-repro.md).
 */
class StackEdgeIT {
    private static final int RUNS = 5;
    /** Long enough for the profiler to be up (0.4-2.4 s) and take deep samples on a busy two-core machine. */
    private static final String[] WORKLOAD = {"3000", "50"};

    @Test
    void aRecursionIntoStackOverflowErrorEndsAsWithoutTheAgent(@TempDir Path tmp) throws Exception {
        Child plain = run(tmp.resolve("plain"), false);
        assertThat(plain.exit).as(plain.stderr).isZero();
        assertThat(plain.stdout).isEqualTo("stack-edge done\n");
        int deepDumps = 0;
        for (int i = 0; i < RUNS; i++) {
            Child agent = run(tmp.resolve("agent-" + i), true);
            assertThat(agent.exit).as("run %d: exit %d (139 = SIGSEGV), stderr: %s", i, agent.exit, agent.stderr).isZero();
            assertThat(agent.stdout).as("run %d", i).isEqualTo(plain.stdout);
            // the exit summary, nothing of a crash
            assertThat(agent.stderr.lines().toList()).as("run %d", i).allMatch(l -> l.startsWith("ringzero: "));
            assertThat(agent.dir.resolve("hs_err_pid" + agent.pid + ".log")).doesNotExist();
            if (deepestStack(agent.dir) >= 1024) deepDumps++;
        }
        // the case this test is about was reached: the profile had samples this deep and they were dumped
        assertThat(deepDumps).as("runs whose dumped CPU profile had a stack of 1024 frames or more").isPositive();
    }

    private record Child(int exit, String stdout, String stderr, Path dir, long pid) { }

    /** The workload in a child JVM of the tests' JDK, with {@code -Xss256k}; with the agent, its options all default. */
    private static Child run(Path dir, boolean agent) throws Exception {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.JAVA, "-Xss256k", "-XX:-UsePerfData"));
        if (agent) cmd.add("-javaagent:" + ChildJvm.AGENT); // no options: the run file goes to the working directory
        cmd.addAll(List.of("-cp", ChildJvm.CLASSES, StackEdge.class.getName()));
        cmd.addAll(List.of(WORKLOAD));
        cmd.add(dir.resolve("data.bin").toString());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + cmd);
        }
        return new Child(p.exitValue(), ChildJvm.read(dir.resolve("stdout.txt")), ChildJvm.read(dir.resolve("stderr.txt")), dir, p.pid());
    }

    /** Frames of the deepest stack in the run's collapsed CPU samples (0 when there are none). */
    private static int deepestStack(Path dir) throws Exception {
        int deepest = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "ringzero-*.json.cpu.collapsed")) {
            for (Path f : s) {
                for (String line : Files.readAllLines(f)) deepest = Math.max(deepest, line.split(";").length);
            }
        }
        return deepest;
    }
}
