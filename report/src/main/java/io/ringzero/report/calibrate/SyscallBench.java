package io.ringzero.report.calibrate;

import com.sun.jna.Memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times a null syscall, a no-syscall libc call through the same JNA path, a vDSO call, 1-byte
 * write/read on /dev/null and /dev/zero, and an indirect (megamorphic) Java call, in interleaved
 * rounds so that drift in CPU frequency or neighbours hits every quantity alike.
 *
 * <p>Each native figure is reported net of the no-syscall libc call measured in the same round: what is
 * left is the syscall (or vDSO) itself, without JNI and JNA overhead.
 */
final class SyscallBench {

    static final String TRAP = "trap_ns";
    static final String CALL = "call_ns";
    static final String VDSO = "vdso_clock_gettime_ns";
    static final String WRITE = "write_devnull_ns";
    static final String READ = "read_devzero_ns";
    static final String PATH = "jna_path_ns";
    /** Not per round: the share of a trap's CPU time the kernel charges as system time, over all rounds. */
    static final String TRAP_SYSTEM_SHARE = "trap_system_share";

    private static final int SYSCALL_ITERS = 20_000;
    private static final int CHEAP_ITERS = 100_000;
    private static final int JAVA_CALL_ITERS = 2_000_000;
    private static final int SUB_SAMPLES = 4;
    private static final int MIN_ROUNDS = 7;
    private static final long WARMUP_NANOS = 700_000_000L;
    private static final int MAX_ROUNDS = 31;

    /** Written after every loop so the JIT cannot drop the loops as dead code. */
    static volatile long sink;

    /** This thread's user and system CPU (ns) during the measured trap and path loops, and their calls. */
    private final CpuSplit trapCpu = new CpuSplit();
    private final CpuSplit pathCpu = new CpuSplit();

    private final long budgetNanos;

    SyscallBench(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** Rounds of per-call nanoseconds, keyed by the names above. */
    Map<String, double[]> run() {
        int devNull = LibC.open("/dev/null", LibC.O_WRONLY);
        int devZero = LibC.open("/dev/zero", LibC.O_RDONLY);
        if (devNull < 0 || devZero < 0) {
            throw new IllegalStateException("cannot open /dev/null or /dev/zero");
        }
        Memory buf = new Memory(64);
        Memory timespec = new Memory(16);
        IntOp[] ops = {new Inc(), new Xor(), new Mul(), new Sub()};
        try {
            long start = System.nanoTime();
            // Warm up until the loops are C2-compiled (seen at about 0.8 s of JVM time here); both
            // sides of a difference must run the same tier or the JIT, not the kernel, is measured.
            for (int i = 0; i < 3 || System.nanoTime() - start < WARMUP_NANOS; i++) {
                round(devNull, devZero, buf, timespec, ops);
            }
            List<double[]> rounds = new ArrayList<>();
            trapCpu.reset();
            pathCpu.reset();
            long measureStart = System.nanoTime();
            long measureBudget = Math.max(0, budgetNanos - (measureStart - start));
            while (rounds.size() < MAX_ROUNDS
                    && (rounds.size() < MIN_ROUNDS || System.nanoTime() - measureStart < measureBudget)) {
                rounds.add(round(devNull, devZero, buf, timespec, ops));
            }
            Map<String, double[]> out = new LinkedHashMap<>();
            String[] names = {TRAP, CALL, VDSO, WRITE, READ, PATH};
            for (int k = 0; k < names.length; k++) {
                double[] col = new double[rounds.size()];
                for (int r = 0; r < col.length; r++) {
                    col[r] = rounds.get(r)[k];
                }
                out.put(names[k], col);
            }
            out.put(TRAP_SYSTEM_SHARE, new double[] {trapSystemShare()});
            return out;
        } finally {
            LibC.close(devNull);
            LibC.close(devZero);
        }
    }

    private double[] round(int devNull, int devZero, Memory buf, Memory timespec, IntOp[] ops) {
        double ppid = trapCpu.around(() -> perCall(SyscallBench::loopGetppid, SYSCALL_ITERS), SYSCALL_ITERS);
        double path = pathCpu.around(() -> perCall(SyscallBench::loopGetpagesize, CHEAP_ITERS), CHEAP_ITERS);
        double clock = perCall(n -> loopClock(n, timespec), CHEAP_ITERS);
        double write = perCall(n -> loopWrite(n, devNull, buf), SYSCALL_ITERS);
        double read = perCall(n -> loopRead(n, devZero, buf), SYSCALL_ITERS);
        double call = perCall(n -> loopJavaCall(n, ops), JAVA_CALL_ITERS);
        return new double[] {ppid - path, call, clock - path, write - path, read - path, path};
    }

    /**
     * What share of a trap's own CPU time getrusage charges as system time: the trap loop's CPU per call less the
     * path loop's, split into system and user. A machine with page-table isolation under a paravirtual hypervisor
     * charges part of each crossing to user time; the model splits the saving the same way. NaN when the
     * loops were too short for the clock's ticks.
     */
    double trapSystemShare() {
        double system = trapCpu.systemPerCall() - pathCpu.systemPerCall();
        double cpu = trapCpu.cpuPerCall() - pathCpu.cpuPerCall();
        if (!(cpu > 0) || trapCpu.cpuPerCall() == 0) {
            return Double.NaN;
        }
        return Math.max(0, Math.min(1, system / cpu));
    }

    /** The thread's CPU time (getrusage, RUSAGE_THREAD) around loops, summed. */
    private static final class CpuSplit {
        private final Memory usage = new Memory(LibC.RUSAGE_SIZE);
        private long userNs, systemNs, calls;

        void reset() {
            userNs = systemNs = calls = 0;
        }

        double around(java.util.function.DoubleSupplier loop, int iters) {
            long[] before = read();
            double result = loop.getAsDouble();
            long[] after = read();
            userNs += after[0] - before[0];
            systemNs += after[1] - before[1];
            calls += iters;
            return result;
        }

        double systemPerCall() {
            return calls == 0 ? 0 : (double) systemNs / calls;
        }

        double cpuPerCall() {
            return calls == 0 ? 0 : (double) (userNs + systemNs) / calls;
        }

        private long[] read() {
            if (LibC.getrusage(LibC.RUSAGE_THREAD, usage) != 0) {
                return new long[2];
            }
            return new long[] {usage.getLong(0) * 1_000_000_000L + usage.getLong(8) * 1000L,
                    usage.getLong(16) * 1_000_000_000L + usage.getLong(24) * 1000L};
        }
    }

    /**
     * The fastest of a few short runs: a run that was preempted or interrupted is slower, never faster,
     * so the minimum filters out what other processes do to us on a busy machine.
     */
    private static double perCall(java.util.function.IntToLongFunction loop, int iters) {
        int part = iters / SUB_SAMPLES;
        double best = Double.MAX_VALUE;
        for (int k = 0; k < SUB_SAMPLES; k++) {
            long t0 = System.nanoTime();
            long acc = loop.applyAsLong(part);
            long t1 = System.nanoTime();
            sink = acc;
            best = Math.min(best, (double) (t1 - t0) / part);
        }
        return best;
    }

    private static long loopGetppid(int n) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += LibC.getppid();
        }
        return acc;
    }

    private static long loopGetpagesize(int n) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += LibC.getpagesize();
        }
        return acc;
    }

    private static long loopClock(int n, Memory ts) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += LibC.clock_gettime(LibC.CLOCK_MONOTONIC, ts);
        }
        return acc + ts.getLong(8);
    }

    private static long loopWrite(int n, int fd, Memory buf) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += LibC.write(fd, buf, 1);
        }
        if (acc != n) {
            throw new IllegalStateException("write(/dev/null) failed during calibration");
        }
        return acc;
    }

    private static long loopRead(int n, int fd, Memory buf) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += LibC.read(fd, buf, 1);
        }
        if (acc != n) {
            throw new IllegalStateException("read(/dev/zero) failed during calibration");
        }
        return acc;
    }

    /**
     * Under ring 0 a syscall becomes an indirect call (KML: {@code call *AT_SYSINFO}). A megamorphic
     * Java call site is an indirect call the JIT cannot inline; the loop's own increment and index make
     * this an upper bound on the call, which makes the predicted saving slightly conservative.
     */
    private static long loopJavaCall(int n, IntOp[] ops) {
        long acc = 1;
        for (int i = 0; i < n; i++) {
            acc = ops[i & 3].apply(acc);
        }
        return acc;
    }

    /** An abstract class, not an interface: a vtable call is one indirect jump, like {@code call *AT_SYSINFO}. */
    abstract static class IntOp {
        abstract long apply(long x);
    }

    static final class Inc extends IntOp {
        long apply(long x) {
            return x + 1;
        }
    }

    static final class Xor extends IntOp {
        long apply(long x) {
            return x ^ 0x5DEECE66DL;
        }
    }

    static final class Mul extends IntOp {
        long apply(long x) {
            return x * 3;
        }
    }

    static final class Sub extends IntOp {
        long apply(long x) {
            return x - 7;
        }
    }
}
