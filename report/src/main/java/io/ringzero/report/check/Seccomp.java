package io.ringzero.report.check;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.util.List;

/**
 * Installs seccomp filters on the calling thread through libc, bound with JNA. Only the launcher calls
 * this: a filter cannot be removed, so whatever process installs one keeps paying for it to its end.
 */
final class Seccomp {

    static final int PR_SET_NO_NEW_PRIVS = 38;
    static final int SYS_SECCOMP = 317;            // x86_64
    static final int SECCOMP_SET_MODE_FILTER = 1;

    /**
     * Set by the tests (and by anyone curious) to take the path of a kernel without seccomp filters:
     * the launcher then fails as such a kernel makes it fail, it does not invent any figure.
     */
    static final String SIMULATE_UNAVAILABLE_ENV = "RINGZERO_CHECK_SIMULATE_NO_SECCOMP";

    static {
        Native.register(Seccomp.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Seccomp() {
    }

    // prctl and syscall are variadic in C; on x86_64 passing longs where the callee reads its variadic
    // integer arguments is the same calling convention.
    private static native int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    private static native long syscall(long number, long a1, long a2, long a3) throws LastErrorException;

    /** Thrown when the kernel refuses: no CONFIG_SECCOMP_FILTER, a policy forbids it, or simulated. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * Sets no_new_privs (so an unprivileged process may filter itself) and installs the filters in order,
     * on the calling thread only (no TSYNC): the child this thread spawns inherits them, the launcher's
     * other threads stay unfiltered.
     */
    static void install(List<SeccompPadding> filters) throws Unavailable {
        if (System.getenv(SIMULATE_UNAVAILABLE_ENV) != null) {
            throw new Unavailable("seccomp filters are unavailable (simulated by " + SIMULATE_UNAVAILABLE_ENV + ")");
        }
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            throw new Unavailable("seccomp filters are only driven on x86_64 Linux, this is "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        try {
            prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new Unavailable("prctl(PR_SET_NO_NEW_PRIVS) failed: " + errno(e));
        }
        for (SeccompPadding f : filters) {
            byte[] program = f.program();
            try (Memory insns = new Memory(program.length); Memory fprog = new Memory(16)) {
                insns.write(0, program, 0, program.length);
                // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
                fprog.clear();
                fprog.setShort(0, (short) f.instructions());
                fprog.setPointer(8, insns);
                syscall(SYS_SECCOMP, SECCOMP_SET_MODE_FILTER, 0, com.sun.jna.Pointer.nativeValue(fprog));
            } catch (LastErrorException e) {
                throw new Unavailable("seccomp(SET_MODE_FILTER) failed: " + errno(e));
            }
        }
    }

    private static String errno(LastErrorException e) {
        return switch (e.getErrorCode()) {
            case 22 -> "EINVAL (kernel without seccomp filter support?)";
            case 38 -> "ENOSYS (kernel without seccomp)";
            case 1 -> "EPERM";
            case 13 -> "EACCES";
            case 12 -> "ENOMEM (too many filter instructions stacked)";
            default -> "errno " + e.getErrorCode();
        };
    }
}
