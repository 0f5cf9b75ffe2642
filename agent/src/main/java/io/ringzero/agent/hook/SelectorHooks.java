package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.BYTES;
import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.REQUESTED;
import static io.ringzero.agent.count.Counters.STRIDE;
import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;

/** sun.nio.ch.EPoll: Selector (EPollSelectorImpl), the virtual-thread poller (EPollPoller) and EPollPort. */
public final class SelectorHooks {
    /** sun.nio.ch.EPoll's natives. */
    public interface EPoll {
        int create();
        int ctl(int epfd, int op, int fd, int events);
        int wait(int epfd, long address, int numfds, int timeout);
    }

    private static final EPoll EPOLL = Bridge.to(EPoll.class);

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
}
