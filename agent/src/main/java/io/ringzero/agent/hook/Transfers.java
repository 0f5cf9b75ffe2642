package io.ringzero.agent.hook;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * The shared bodies of the data-moving hooks (file, socket and datagram dispatchers): call the native through
 * the handle it is given, count the result. Each hook passes its own {@code static final} handle, which stays
 * a constant once the JIT inlines the body into the hook.
 */
final class Transfers {
    private Transfers() { }

    /** read0/write0: (fd, address, len) -> bytes or an IOStatus code. */
    static int rw(MethodHandle mh, int k, FileDescriptor fd, long address, int len) throws Throwable {
        long t = Counters.begin(k);
        int n;
        try { n = (int) mh.invokeExact(fd, address, len); } catch (Throwable e) { throw Outcome.thrown(k, e, t); }
        Outcome.io(k, len, n, t);
        return n;
    }

    /** pread0/pwrite0: as rw, at a file position. */
    static int rwAt(MethodHandle mh, int k, FileDescriptor fd, long address, int len, long position) throws Throwable {
        long t = Counters.begin(k);
        int n;
        try { n = (int) mh.invokeExact(fd, address, len, position); } catch (Throwable e) { throw Outcome.thrown(k, e, t); }
        Outcome.io(k, len, n, t);
        return n;
    }

    /** readv0/writev0 take the number of iovec entries, not bytes: the requested bytes are counted as moved. */
    static long rwv(MethodHandle mh, int k, FileDescriptor fd, long address, int iovecs) throws Throwable {
        long t = Counters.begin(k);
        long n;
        try { n = (long) mh.invokeExact(fd, address, iovecs); } catch (Throwable e) { throw Outcome.thrown(k, e, t); }
        Outcome.io(k, Math.max(n, 0), n, t);
        return n;
    }
}
