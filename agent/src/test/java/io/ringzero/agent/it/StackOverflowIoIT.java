package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * At the edge of the stack: a program with a 256 KiB stack recurses into StackOverflowError while writing one
 * byte per level ({@link OverflowWrites}), hundreds of times. A write that reached the file must return
 * normally (an application that retries a failed write would write twice), and the agent must count every one.
 */
class StackOverflowIoIT {
    private static final int ROUNDS = Integer.getInteger("overflow.rounds", 400);
    private static final String OPTIONS = "out=@RUN,interval=0,quiet,profile=off";

    @ParameterizedTest
    @ValueSource(strings = {"overflow-fos-write", "overflow-fos-writebytes", "overflow-raf-write"})
    void aWriteThatReachedTheFileReturnsAndIsCounted(String op, @TempDir Path tmp) throws Exception {
        // JDK 21+ wraps RandomAccessFile's write0 in Blocker.begin/end: the JDK's own call after the write may overflow
        Assumptions.assumeTrue(!op.startsWith("overflow-raf") || ChildJvm.feature() < 21, "RandomAccessFile on JDK 17 only");

        Numbers plain = numbers(ChildJvm.run(tmp.resolve("plain"), List.of(), List.of("-Xss256k"), null, op, String.valueOf(ROUNDS), tmp.resolve("plain").toString()));
        assertThat(plain.returned).as("without the agent").isEqualTo(plain.length).isPositive();

        ChildJvm.Result baseline = ChildJvm.run(tmp.resolve("baseline"), List.of(), List.of("-Xss256k"), OPTIONS, op, "0", tmp.resolve("baseline").toString());
        ChildJvm.Result agent = ChildJvm.run(tmp.resolve("agent"), List.of(), List.of("-Xss256k"), OPTIONS, op, String.valueOf(ROUNDS), tmp.resolve("agent").toString());
        Numbers n = numbers(agent);
        assertThat(numbers(baseline).length).isZero();
        long counted = agent.agentCalls().getOrDefault("write", 0L) - baseline.agentCalls().getOrDefault("write", 0L);
        System.out.println(op + ": counted " + counted);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(n.returned).as("writes that returned normally, against the bytes in the file").isEqualTo(n.length).isPositive();
            soft.assertThat(counted).as("the agent's writes, against the bytes in the file").isEqualTo(n.length);
        });
    }

    private record Numbers(long returned, long length) { }

    private static Numbers numbers(ChildJvm.Result r) {
        assertThat(r.exit()).as(r.stderr()).isZero();
        long returned = -1, length = -1;
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("returned")) returned = Long.parseLong(f[1]);
            if (f[0].equals("length")) length = Long.parseLong(f[1]);
        }
        System.out.println("returned " + returned + ", length " + length);
        return new Numbers(returned, length);
    }
}
