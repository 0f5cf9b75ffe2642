package io.ringzero.agent.hook;

import io.ringzero.agent.count.Counters;

/** How the result of a native call becomes a count. Shared by all hooks. */
final class Outcome {
    // sun.nio.ch.IOStatus: natives report these instead of throwing.
    static final int EOF = -1, UNAVAILABLE = -2, INTERRUPTED = -3, UNSUPPORTED = -4, UNSUPPORTED_CASE = -6;

    private Outcome() { }

    /** A data-moving call that returned {@code n} (bytes, or an IOStatus code). */
    static long io(int k, long requested, long n, long t0) { return io(k, requested, n, t0, null); }

    /** As {@link #io(int, long, long, long)}, on an I/O object whose first calls are walked for call sites. */
    static long io(int k, long requested, long n, long t0, Object on) {
        if (n >= 0) Counters.end(k, requested, n, t0, on);
        else if (n == EOF) Counters.end(k, requested, 0, t0, on);
        else if (n == UNAVAILABLE) Counters.failed(k, "EAGAIN", t0);
        else if (n == INTERRUPTED) Counters.failed(k, "EINTR", t0);
        // other codes (UNSUPPORTED, THROWN) are decided in Java without a syscall
        return n;
    }

    /** A transfer that returned {@code n}: UNSUPPORTED(_CASE) is decided in Java or C before any syscall. */
    static void transfer(int k, long requested, long n, long t0, Object on) {
        if (n != UNSUPPORTED && n != UNSUPPORTED_CASE) io(k, requested, n, t0, on);
    }

    /** A call that made one syscall of kind k and succeeded. */
    static void ok(int k, long t0) { Counters.end(k, 0, 0, t0); }

    /** As {@link #ok(int, long)}, on an I/O object. */
    static void ok(int k, long t0, Object on) { Counters.end(k, 0, 0, t0, on); }

    /**
     * A call that threw. Only I/O exceptions come from a failed syscall: runtime exceptions (bounds checks)
     * and "Stream Closed" are raised before any syscall. Returns the exception; the hooks rethrow their own, so
     * that an overflow while counting (at the edge of the stack) does not replace it.
     */
    static Throwable thrown(int k, Throwable e, long t0) {
        if (fromSyscall(e)) Counters.fail(k, e, t0);
        return e;
    }

    static boolean fromSyscall(Throwable e) {
        if (e instanceof java.io.IOException) return !"Stream Closed".equals(e.getMessage());
        return e.getClass().getName().equals("sun.nio.fs.UnixException");
    }
}
