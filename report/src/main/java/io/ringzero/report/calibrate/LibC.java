package io.ringzero.report.calibrate;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc functions the calibration times, bound by JNA direct mapping: a JNI stub per method, so the
 * call machinery is the same for every function and cancels in a difference.
 */
final class LibC {

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int CLOCK_MONOTONIC = 1;
    static final int RUSAGE_THREAD = 1;
    /** {@code struct rusage} on x86_64 Linux: two timevals, then 14 longs. */
    static final int RUSAGE_SIZE = 144;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    /** A real trap on every call: glibc has never cached the parent pid. */
    static native int getppid();

    /** Same signature as getppid but no syscall: glibc returns the page size the loader stored at start. */
    static native int getpagesize();

    /** Served by the vDSO on x86_64 Linux: no trap. */
    static native int clock_gettime(int clock, Pointer timespec);

    static native long write(int fd, Pointer buf, long count);

    static native long read(int fd, Pointer buf, long count);

    static native int open(String path, int flags);

    static native int close(int fd);

    static native String gnu_get_libc_version();

    static native int getrusage(int who, Pointer usage);
}
