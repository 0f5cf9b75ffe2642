package io.ringzero.report.check;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The libc calls of the launcher: a null syscall to time, the thread CPU clock, CPU affinity, children's usage. */
final class LauncherNatives {

    static final int RUSAGE_CHILDREN = -1;
    /** struct rusage on x86_64: two timevals, then 14 longs. */
    private static final int RUSAGE_BYTES = 144;

    static {
        Native.register(LauncherNatives.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LauncherNatives() {
    }

    /** A real trap on every call: glibc never caches the parent pid. */
    static native int getppid();

    private static native int getrusage(int who, Pointer usage);

    private static native int sched_getaffinity(int tid, long size, Pointer mask);

    private static native int sched_setaffinity(int tid, long size, Pointer mask);

    private static native int sched_getcpu();

    private static native int clock_gettime(int clockId, long[] timespec);

    private static final int CLOCK_THREAD_CPUTIME_ID = 3;

    /**
     * CPU time of the calling thread, ns. Not a vDSO clock: one real syscall, so a filtered thread pays
     * the filter on it too (twice per batch, nothing against a batch's thousands of calls).
     */
    static long threadCpuNs() {
        long[] ts = new long[2];
        if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, ts) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }
        return ts[0] * 1_000_000_000L + ts[1];
    }

    /** Room for 1024 CPUs, as glibc's cpu_set_t. */
    private static final int CPU_SET_BYTES = 128;

    /** The calling thread's CPU mask, to restore later; null when it cannot be read. */
    static byte[] affinity() {
        try (Memory m = new Memory(CPU_SET_BYTES)) {
            m.clear();
            return sched_getaffinity(0, CPU_SET_BYTES, m) == 0 ? m.getByteArray(0, CPU_SET_BYTES) : null;
        }
    }

    static boolean setAffinity(byte[] mask) {
        if (mask == null) {
            return false;
        }
        try (Memory m = new Memory(CPU_SET_BYTES)) {
            m.write(0, mask, 0, CPU_SET_BYTES);
            return sched_setaffinity(0, CPU_SET_BYTES, m) == 0;
        }
    }

    /** A mask holding only the CPU the calling thread runs on now. */
    static byte[] currentCpuOnly() {
        int cpu = sched_getcpu();
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
            return null;
        }
        byte[] mask = new byte[CPU_SET_BYTES];
        mask[cpu / 8] = (byte) (1 << (cpu % 8));
        return mask;
    }

    /** User and system seconds of every child reaped so far, and their largest resident set (KiB). */
    record ChildUsage(double userS, double systemS, long maxRssKib) {
    }

    static ChildUsage childUsage() {
        try (Memory m = new Memory(RUSAGE_BYTES)) {
            m.clear();
            if (getrusage(RUSAGE_CHILDREN, m) != 0) {
                throw new IllegalStateException("getrusage(RUSAGE_CHILDREN) failed");
            }
            double user = m.getLong(0) + m.getLong(8) * 1e-6;
            double system = m.getLong(16) + m.getLong(24) * 1e-6;
            return new ChildUsage(user, system, m.getLong(32));
        }
    }
}
