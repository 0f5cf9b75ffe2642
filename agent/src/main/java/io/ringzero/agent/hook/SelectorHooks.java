package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;
import static java.lang.invoke.MethodType.methodType;

import io.ringzero.agent.count.Counters;
import java.lang.invoke.MethodHandle;

/** sun.nio.ch.EPoll: Selector (EPollSelectorImpl), the virtual-thread poller (EPollPoller) and EPollPort. */
public final class SelectorHooks {
    private static final String EPOLL = "sun.nio.ch.EPoll";
    private static final MethodHandle CREATE = Natives.of(EPOLL, "create", methodType(int.class));
    private static final MethodHandle CTL = Natives.of(EPOLL, "ctl", methodType(int.class, int.class, int.class, int.class, int.class));
    private static final MethodHandle WAIT = Natives.of(EPOLL, "wait", methodType(int.class, int.class, long.class, int.class, int.class));

    private SelectorHooks() { }

    public static int create() throws Throwable {
        long t = Counters.begin(EPOLL_CREATE1);
        int fd;
        try { fd = (int) CREATE.invokeExact(); } catch (Throwable e) { throw Outcome.thrown(EPOLL_CREATE1, e, t); }
        Outcome.ok(EPOLL_CREATE1, t);
        return fd;
    }

    /** ctl returns 0 or the errno, never throws. */
    public static int ctl(int epfd, int op, int fd, int events) throws Throwable {
        long t = Counters.begin(EPOLL_CTL);
        int errno;
        try { errno = (int) CTL.invokeExact(epfd, op, fd, events); } catch (Throwable e) { throw Outcome.thrown(EPOLL_CTL, e, t); }
        if (errno == 0) Outcome.ok(EPOLL_CTL, t);
        else Counters.failed(EPOLL_CTL, "errno " + errno, t);
        return errno;
    }

    /** Calls that return 0 ready fds are kept apart: a selector spinning on nothing is a finding. */
    public static int wait(int epfd, long address, int numfds, int timeout) throws Throwable {
        long t = Counters.begin(EPOLL_WAIT);
        int n;
        try { n = (int) WAIT.invokeExact(epfd, address, numfds, timeout); } catch (Throwable e) { throw Outcome.thrown(EPOLL_WAIT, e, t); }
        Outcome.io(EPOLL_WAIT, numfds, n, t);
        return n;
    }
}
