package io.ringzero.bench;

import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent adds to each counted call, without the syscall: the begin/end pair every hook makes.
 * Run: {@code java -jar bench/target/ringzero-bench.jar CounterBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CounterBench {
    /** With sites on, the walk decision is in the path too; walks themselves are one call in 16,384 here. */
    @Param({"off", "on"})
    public String sites;

    private final Object stream = new Object();

    @Setup
    public void configure() {
        Counters.configure(64, 16384, 0, sites.equals("on"));
    }

    @Benchmark
    public long beginAndEnd() {
        long t = Counters.begin(Syscall.WRITE);
        Counters.end(Syscall.WRITE, 16, 16, t);
        return t;
    }

    /** What every stream, channel and socket hook makes: the same pair, plus the check for an object's first calls. */
    @Benchmark
    public long beginAndEndOnAnObject() {
        long t = Counters.begin(Syscall.WRITE);
        Counters.end(Syscall.WRITE, 16, 16, t, stream);
        return t;
    }

    @Benchmark
    public long nanoTimeAlone() {
        return System.nanoTime();
    }
}
