package io.ringzero.report.check;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The two libc calls the launcher times and reads: a null syscall and the children's resource usage. */
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
