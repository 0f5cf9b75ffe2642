package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.BYTES;
import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.REQUESTED;
import static io.ringzero.agent.count.Counters.STRIDE;
import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;

/**
 * sun.nio.ch.EPoll: Selector (EPollSelectorImpl), the virtual-thread poller (EPollPoller) and EPollPort; and the
 * selector's wakeup (EventFD.set0, IOUtil.drain).
 */
public final class SelectorHooks {
    /** sun.nio.ch.EPoll's natives. */
    public interface EPoll {
        int create();
        int ctl(int epfd, int op, int fd, int events);
        int wait(int epfd, long address, int numfds, int timeout);
    }

    /** sun.nio.ch.EventFD's native: Selector.wakeup writes 8 bytes to the selector's eventfd. */
    public interface EventFd {
        int set0(int efd);
    }

    /** sun.nio.ch.IOUtil.drain: the selector empties its wakeup fd after a wakeup. */
    public interface Drain {
        boolean drain(int fd);
    }

    private static final EPoll EPOLL = Bridge.to(EPoll.class);
    private static final EventFd EVENT_FD = Bridge.to(EventFd.class);
    private static final Drain DRAIN = Bridge.to(Drain.class);
    /** What drain reads at a time (IOUtil.c); an eventfd gives 8 bytes, so one read empties it. */
    private static final int DRAIN_BUFFER = 16;
    private static final int EVENTFD_VALUE = 8;
    /**
     * The resource of a wakeup's write and drain's read, as /proc/self/fd names an eventfd: the natives take an int,
     * not a FileDescriptor, and the call is the selector's own whatever the stack that woke it.
     */
    public static final String WAKEUP_FD = "anon_inode:[eventfd]";

    private SelectorHooks() { }

    public static int create() throws Throwable {
        long t = Counters.begin(EPOLL_CREATE1);
        int fd;
        try {
            fd = EPOLL.create();
        } catch (Throwable e) {
            try { Outcome.thrown(EPOLL_CREATE1, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(EPOLL_CREATE1, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[EPOLL_CREATE1 * STRIDE]++; }
        }
        return fd;
    }

    /** ctl returns 0 or the errno, never throws. */
    public static int ctl(int epfd, int op, int fd, int events) throws Throwable {
        long t = Counters.begin(EPOLL_CTL);
        int errno;
        try {
            errno = EPOLL.ctl(epfd, op, fd, events);
        } catch (Throwable e) {
            try { Outcome.thrown(EPOLL_CTL, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (errno == 0) Outcome.ok(EPOLL_CTL, t);
            else Counters.failed(EPOLL_CTL, "errno " + errno, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[EPOLL_CTL * STRIDE]++; if (errno != 0) EDGE[EPOLL_CTL * STRIDE + ERRORS]++; }
        }
        return errno;
    }

    /** Calls that return 0 ready fds are kept apart: a selector spinning on nothing is a finding. */
    public static int wait(int epfd, long address, int numfds, int timeout) throws Throwable {
        long t = Counters.begin(EPOLL_WAIT);
        int n;
        try {
            n = EPOLL.wait(epfd, address, numfds, timeout);
        } catch (Throwable e) {
            try { Outcome.thrown(EPOLL_WAIT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(EPOLL_WAIT, numfds, n, t);
        } catch (StackOverflowError e) {
            long m = n;
            synchronized (EDGE) {
                int at = EPOLL_WAIT * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += numfds; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }

    /** EventFD.set0: one write of the 8-byte counter increment. */
    public static int eventfdSet(int efd) throws Throwable {
        long t = Counters.begin(WRITE);
        int r;
        try {
            r = EVENT_FD.set0(efd);
        } catch (Throwable e) {
            try { Outcome.thrown(WRITE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Counters.end(WRITE, EVENTFD_VALUE, EVENTFD_VALUE, t, WAKEUP_FD);
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                int at = WRITE * STRIDE;
                EDGE[at]++; EDGE[at + REQUESTED] += EVENTFD_VALUE; EDGE[at + BYTES] += EVENTFD_VALUE;
            }
        }
        return r;
    }

    /**
     * IOUtil.drain reads 16 bytes at a time until a read returns fewer. The selectors drain a wakeup fd that
     * holds at most one wakeup (EventFD's 8 bytes; PollSelectorImpl's pipe, 1 byte), so it is one read: false
     * when that read found nothing (EAGAIN). The bytes are counted as an eventfd's 8.
     */
    public static boolean eventfdDrain(int fd) throws Throwable {
        long t = Counters.begin(READ);
        boolean any;
        try {
            any = DRAIN.drain(fd);
        } catch (Throwable e) {
            try { Outcome.thrown(READ, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (any) Counters.end(READ, DRAIN_BUFFER, EVENTFD_VALUE, t, WAKEUP_FD);
            else Counters.failed(READ, "EAGAIN", t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                int at = READ * STRIDE;
                EDGE[at]++; EDGE[at + REQUESTED] += DRAIN_BUFFER;
                if (any) EDGE[at + BYTES] += EVENTFD_VALUE;
                else EDGE[at + ERRORS]++;
            }
        }
        return any;
    }
}
