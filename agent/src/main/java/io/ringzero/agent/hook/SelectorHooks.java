package io.ringzero.agent.hook;

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
        try { fd = EPOLL.create(); } catch (Throwable e) { throw Outcome.thrown(EPOLL_CREATE1, e, t); }
        Outcome.ok(EPOLL_CREATE1, t);
        return fd;
    }

    /** ctl returns 0 or the errno, never throws. */
    public static int ctl(int epfd, int op, int fd, int events) throws Throwable {
        long t = Counters.begin(EPOLL_CTL);
        int errno;
        try { errno = EPOLL.ctl(epfd, op, fd, events); } catch (Throwable e) { throw Outcome.thrown(EPOLL_CTL, e, t); }
        if (errno == 0) Outcome.ok(EPOLL_CTL, t);
        else Counters.failed(EPOLL_CTL, "errno " + errno, t);
        return errno;
    }

    /** Calls that return 0 ready fds are kept apart: a selector spinning on nothing is a finding. */
    public static int wait(int epfd, long address, int numfds, int timeout) throws Throwable {
        long t = Counters.begin(EPOLL_WAIT);
        int n;
        try { n = EPOLL.wait(epfd, address, numfds, timeout); } catch (Throwable e) { throw Outcome.thrown(EPOLL_WAIT, e, t); }
        Outcome.io(EPOLL_WAIT, numfds, n, t);
        return n;
    }
}
