package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts from many threads add up exactly: nothing lost to races, nothing double counted. */
class StressIT {
    @Test
    void sixtyFourPlatformThreadsTimesTenThousandWrites(@TempDir Path tmp) throws Exception {
        long base = writes(tmp.resolve("zero"), "threads", 0);
        long loaded = writes(tmp.resolve("full"), "threads", 10_000);
        assertThat(loaded - base).isEqualTo(640_000);
    }

    @Test
    void virtualThreadsAddUpToo(@TempDir Path tmp) throws Exception {
        assumeTrue(ChildJvm.feature() >= 21, "virtual threads need JDK 21+");
        long base = writes(tmp.resolve("zero"), "virtual", 0);
        long loaded = writes(tmp.resolve("full"), "virtual", 64_000); // 64,000 virtual threads x 10 writes
        assertThat(loaded - base).isEqualTo(640_000);
    }

    private static long writes(Path dir, String op, int n) throws Exception {
        ChildJvm.Result r = ChildJvm.run(dir, "out=@RUN,interval=0,quiet", false, op, String.valueOf(n), dir.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        return r.agentCalls().getOrDefault("write", 0L);
    }
}
