package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent never changes what the application does, even when it cannot do its own job. */
class SafetyIT {
    private static final String[] WORKLOAD = {"fis-open-missing", "200"};

    @Test
    void outputAndExitCodeAreTheSameWithAndWithoutTheAgent(@TempDir Path tmp) throws Exception {
        ChildJvm.Result plain = ChildJvm.run(tmp.resolve("plain"), null, false, args(tmp.resolve("plain")));
        ChildJvm.Result agent = ChildJvm.run(tmp.resolve("agent"), "out=@RUN,interval=0.2,quiet", false, args(tmp.resolve("agent")));
        assertThat(agent.exit()).isEqualTo(plain.exit()).isZero();
        assertThat(agent.stdout()).isEqualTo(plain.stdout());
        assertThat(agent.stderr()).isEqualTo(plain.stderr()).isEmpty();
        JsonNode run = agent.run();
        assertThat(run.get("final").asBoolean()).isTrue();
        assertThat(run.get("uncovered")).isEmpty();
    }

    @Test
    void aProfiledRunPrintsNothingOfItsOwn(@TempDir Path tmp) throws Exception {
        // long enough for the profiler to be up, idle enough that it may have no samples to dump
        String[] slow = {"slow-writes", "1500", tmp.toString()};
        ChildJvm.Result plain = ChildJvm.run(tmp.resolve("plain"), null, false, slow);
        ChildJvm.Result agent = ChildJvm.run(tmp.resolve("agent"), "out=@RUN,interval=0.5,quiet,profile=cpu", false, slow);
        assertThat(agent.exit()).isEqualTo(plain.exit()).isZero();
        assertThat(agent.stdout()).isEqualTo(plain.stdout());
        assertThat(agent.stderr()).isEqualTo(plain.stderr());
    }

    @Test
    void aFailingApplicationKeepsItsExitCodeAndOutput(@TempDir Path tmp) throws Exception {
        ChildJvm.Result plain = ChildJvm.run(tmp.resolve("plain"), null, false, "no-such-op", "1", tmp.toString());
        ChildJvm.Result agent = ChildJvm.run(tmp.resolve("agent"), "out=@RUN,quiet", false, "no-such-op", "1", tmp.toString());
        assertThat(plain.exit()).isEqualTo(1);
        assertThat(agent.exit()).isEqualTo(plain.exit());
        assertThat(agent.stdout()).isEqualTo(plain.stdout());
        assertThat(agent.stderr()).isEqualTo(plain.stderr()).contains("unknown op");
    }

    @Test
    void anUnwritableRunFileLeavesTheApplicationUntouched(@TempDir Path tmp) throws Exception {
        Path blocker = Files.createFile(tmp.resolve("not-a-dir"));
        ChildJvm.Result plain = ChildJvm.run(tmp.resolve("plain"), null, false, args(tmp.resolve("plain")));
        ChildJvm.Result agent = ChildJvm.run(tmp.resolve("agent"), "out=" + blocker.resolve("run.json") + ",interval=0.1,quiet", false,
                args(tmp.resolve("agent")));
        assertThat(agent.exit()).isEqualTo(plain.exit()).isZero();
        assertThat(agent.stdout()).isEqualTo(plain.stdout());
        assertThat(agent.stderr().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("ringzero: cannot write run file"));
    }

    @Test
    void aBadOptionIsOneLineAndTheApplicationRunsUnprofiled(@TempDir Path tmp) throws Exception {
        ChildJvm.Result plain = ChildJvm.run(tmp.resolve("plain"), null, false, args(tmp.resolve("plain")));
        ChildJvm.Result agent = ChildJvm.run(tmp.resolve("agent"), "out=@RUN,interval=fast", false, args(tmp.resolve("agent")));
        assertThat(agent.exit()).isEqualTo(plain.exit()).isZero();
        assertThat(agent.stdout()).isEqualTo(plain.stdout());
        assertThat(agent.stderr().lines().toList()).hasSize(1);
        assertThat(agent.stderr()).contains("bad value 'fast' for option 'interval'").contains("runs without RingZero");
        assertThat(agent.runFile()).doesNotExist();
    }

    @Test
    void theExitSummaryIsOneLineNamingTheRunFile(@TempDir Path tmp) throws Exception {
        ChildJvm.Result agent = ChildJvm.run(tmp.resolve("agent"), "out=@RUN", false, "fos-write1", "1000", tmp.resolve("agent/data").toString());
        assertThat(agent.exit()).isZero();
        assertThat(agent.stderr().lines().toList()).hasSize(1);
        assertThat(agent.stderr()).startsWith("ringzero: ").contains("write").contains(agent.runFile().toString());
    }

    @Test
    void sigtermStillWritesTheFinalRunFile(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("term");
        Files.createDirectories(dir);
        Path run = dir.resolve("run.json");
        Process p = new ProcessBuilder(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT + "=out=" + run + ",interval=0,quiet",
                "-cp", ChildJvm.CLASSES, IoWorkload.class.getName(), "socket-pingpong", "100000000", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        Thread.sleep(3000);
        p.destroy(); // SIGTERM
        p.waitFor();
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.toFile());
        assertThat(doc.get("final").asBoolean()).isTrue();
        assertThat(doc.get("totals").get("calls").asLong()).isPositive();
    }

    private static String[] args(Path dir) {
        return new String[] {WORKLOAD[0], WORKLOAD[1], dir.resolve("data").toString()};
    }
}
