package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.BYTES;
import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.REQUESTED;
import static io.ringzero.agent.count.Counters.STRIDE;
import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import java.io.FileDescriptor;

/**
 * The shared bodies of the data-moving hooks (file, socket and datagram dispatchers): call the native of the
 * dispatcher it is given, count the result. Each hook passes its own {@code static final} bridge, which stays
 * a constant once the JIT inlines the body into the hook.
 */
final class Transfers {
    /** The data natives every dispatcher has (those it lacks are never routed to it). */
    public interface Io {
        int read0(FileDescriptor fd, long address, int len);
        int write0(FileDescriptor fd, long address, int len);
        long readv0(FileDescriptor fd, long address, int iovecs);
        long writev0(FileDescriptor fd, long address, int iovecs);
        int pread0(FileDescriptor fd, long address, int len, long position);
        int pwrite0(FileDescriptor fd, long address, int len, long position);
    }

    private Transfers() { }

    /** read0/write0: (fd, address, len) -> bytes or an IOStatus code. */
    static int rw(Io io, int k, FileDescriptor fd, long address, int len) throws Throwable {
        long t = Counters.begin(k);
        int n;
        try {
            n = k == Syscall.WRITE ? io.write0(fd, address, len) : io.read0(fd, address, len);
        } catch (Throwable e) {
            try { Outcome.thrown(k, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(k, len, n, t, fd);
        } catch (StackOverflowError e) {
            long m = n;
            synchronized (EDGE) {
                int at = k * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += len; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }

    /** pread0/pwrite0: as rw, at a file position. */
    static int rwAt(Io io, int k, FileDescriptor fd, long address, int len, long position) throws Throwable {
        long t = Counters.begin(k);
        int n;
        try {
            n = k == Syscall.PWRITE64 ? io.pwrite0(fd, address, len, position) : io.pread0(fd, address, len, position);
        } catch (Throwable e) {
            try { Outcome.thrown(k, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(k, len, n, t, fd);
        } catch (StackOverflowError e) {
            long m = n;
            synchronized (EDGE) {
                int at = k * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += len; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }

    /** readv0/writev0 take the number of iovec entries, not bytes: the requested bytes are counted as moved. */
    static long rwv(Io io, int k, FileDescriptor fd, long address, int iovecs) throws Throwable {
        long t = Counters.begin(k);
        long n;
        try {
            n = k == Syscall.WRITEV ? io.writev0(fd, address, iovecs) : io.readv0(fd, address, iovecs);
        } catch (Throwable e) {
            try { Outcome.thrown(k, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(k, Math.max(n, 0), n, t, fd);
        } catch (StackOverflowError e) {
            long m = n;
            synchronized (EDGE) {
                int at = k * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += (m < 0 ? 0 : m); EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }
}
