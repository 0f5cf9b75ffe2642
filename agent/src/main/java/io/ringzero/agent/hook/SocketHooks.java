package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.BYTES;
import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.REQUESTED;
import static io.ringzero.agent.count.Counters.STRIDE;
import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Socket natives: data through sun.nio.ch.SocketDispatcher (java.net.Socket via NioSocketImpl, SocketChannel)
 * and DatagramDispatcher/DatagramChannelImpl; set-up and readiness through sun.nio.ch.Net.
 */
public final class SocketHooks {
    /** sun.nio.ch.SocketDispatcher (JDK 17 writes through FileDispatcherImpl, counted as FileChannel's). */
    public interface Dispatcher extends Transfers.Io { }

    /** sun.nio.ch.DatagramDispatcher. */
    public interface DatagramDispatcher extends Transfers.Io { }

    /** sun.nio.ch.DatagramChannelImpl's sendto/recvfrom. */
    public interface DatagramChannel {
        int send0(FileDescriptor fd, long address, int len, long target, int targetLen);
        int receive0(FileDescriptor fd, long address, int len, long sender, boolean connected);
    }

    /** sun.nio.ch.Net: socket set-up and readiness. */
    public interface Net {
        int socket0(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback);
        void bind0(FileDescriptor fd, boolean preferIPv6, boolean exclusive, InetAddress addr, int port);
        void listen(FileDescriptor fd, int backlog);
        int connect0(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port);
        int accept(FileDescriptor fd, FileDescriptor newfd, InetSocketAddress[] isaa);
        int poll(FileDescriptor fd, int events, long timeout);
        void shutdown(FileDescriptor fd, int how);
        void setIntOption0(FileDescriptor fd, boolean mayNeedConversion, int level, int opt, int arg, boolean isIPv6);
        int getIntOption0(FileDescriptor fd, boolean mayNeedConversion, int level, int opt);
        int localPort(FileDescriptor fd);
        InetAddress localInetAddress(FileDescriptor fd);
    }

    /** Socket and selector closes: FileDispatcherImpl in JDK 17, UnixDispatcher later. */
    public interface Close {
        void close0(FileDescriptor fd);
    }

    /** FileDispatcherImpl in JDK 17, UnixFileDispatcherImpl later. */
    public interface CloseIntFd {
        void closeIntFD(int fd);
    }

    /** sun.nio.ch.IOUtil's switch between blocking and non-blocking mode (sockets, pipes, the selector's eventfd). */
    public interface Blocking {
        void configureBlocking(FileDescriptor fd, boolean blocking);
    }

    private static final Dispatcher SOCKETS = Bridge.to(Dispatcher.class);
    private static final DatagramDispatcher DATAGRAM_IO = Bridge.to(DatagramDispatcher.class);
    private static final DatagramChannel DATAGRAMS = Bridge.to(DatagramChannel.class);
    private static final Net NET = Bridge.to(Net.class);
    private static final Close CLOSES = Bridge.to(Close.class);
    private static final CloseIntFd INT_FD_CLOSES = Bridge.to(CloseIntFd.class);
    private static final Blocking BLOCKING = Bridge.to(Blocking.class);

    private SocketHooks() { }

    /**
     * The O_NONBLOCK flag each descriptor was last given here. Java changes the flag only through this native, so after
     * the first call on a descriptor its flag is known without the probe's three syscalls: a thread-handoff server
     * switches each keep-alive connection's mode twice per request. Weak keys: a closed channel's descriptor goes.
     */
    private static final Map<FileDescriptor, Boolean> NON_BLOCKING = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * fcntl(F_GETFL), then fcntl(F_SETFL) only when O_NONBLOCK has to change (IOUtil.c). The flag before the call is
     * the one this hook last set on the descriptor, or for a descriptor not seen yet read by a probe
     * ({@link Probe#nonBlocking}); when it cannot be read, or the call fails, nothing is counted.
     */
    public static void configureBlocking(FileDescriptor fd, boolean blocking) throws Throwable {
        // taken out before the native: should the native fail, or the put below overflow, the next call probes
        Boolean known = NON_BLOCKING.remove(fd);
        int before = known != null ? (known ? 1 : 0) : Probe.nonBlocking(FileStreamHooks.fd(fd));
        long t = Counters.begin(FCNTL);
        BLOCKING.configureBlocking(fd, blocking);
        try {
            NON_BLOCKING.put(fd, blocking ? Boolean.FALSE : Boolean.TRUE);
            if (before < 0) return;
            if ((before == 1) == blocking) Counters.end(FCNTL, t, fd, FCNTL);
            else Outcome.ok(FCNTL, t, fd);
        } catch (StackOverflowError e) {
            if (before >= 0) synchronized (EDGE) { EDGE[FCNTL * STRIDE] += (before == 1) == blocking ? 2 : 1; }
        }
    }

    /** close0 closes the fd unless it is already -1. */
    public static void close0(FileDescriptor fd) throws Throwable {
        boolean valid = fd.valid();
        long t = Counters.begin(CLOSE);
        try { CLOSES.close0(fd); } catch (Throwable e) { try { Outcome.thrown(CLOSE, e, t); } catch (StackOverflowError edge) { } throw e; }
        // not on the descriptor, as in FileStreamHooks.close0: a descriptor being closed may be locked
        try {
            if (valid) Outcome.ok(CLOSE, t);
        } catch (StackOverflowError e) {
            if (valid) synchronized (EDGE) { EDGE[CLOSE * STRIDE]++; }
        }
    }

    public static void closeIntFD(int fd) throws Throwable {
        long t = Counters.begin(CLOSE);
        try {
            INT_FD_CLOSES.closeIntFD(fd);
        } catch (Throwable e) {
            try { Outcome.thrown(CLOSE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(CLOSE, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[CLOSE * STRIDE]++; }
        }
    }

    public static int socketRead0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(SOCKETS, READ, fd, address, len); }
    public static long socketReadv0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(SOCKETS, READV, fd, address, n); }
    public static int socketWrite0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(SOCKETS, WRITE, fd, address, len); }
    public static long socketWritev0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(SOCKETS, WRITEV, fd, address, n); }
    public static int datagramRead0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(DATAGRAM_IO, READ, fd, address, len); }
    public static int datagramWrite0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(DATAGRAM_IO, WRITE, fd, address, len); }

    public static int send0(FileDescriptor fd, long address, int len, long target, int targetLen) throws Throwable {
        long t = Counters.begin(SENDTO);
        int n;
        try {
            n = DATAGRAMS.send0(fd, address, len, target, targetLen);
        } catch (Throwable e) {
            try { Outcome.thrown(SENDTO, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(SENDTO, len, n, t, fd);
        } catch (StackOverflowError e) {
            long m = n;
            synchronized (EDGE) {
                int at = SENDTO * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += len; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }

    public static int receive0(FileDescriptor fd, long address, int len, long sender, boolean connected) throws Throwable {
        long t = Counters.begin(RECVFROM);
        int n;
        try {
            n = DATAGRAMS.receive0(fd, address, len, sender, connected);
        } catch (Throwable e) {
            try { Outcome.thrown(RECVFROM, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(RECVFROM, len, n, t, fd);
        } catch (StackOverflowError e) {
            long m = n;
            synchronized (EDGE) {
                int at = RECVFROM * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += len; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }

    /**
     * socket, then setsockopt: IPV6_V6ONLY off on an IPv6 socket, SO_REUSEADDR when asked, and for a datagram
     * socket IP_MULTICAST_ALL off (plus IPV6_MULTICAST_HOPS on IPv6). Every caller passes preferIPv6 only
     * when Net found IPv6 available, the same check the native makes: preferIPv6 means an IPv6 socket.
     */
    public static int socket0(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback) throws Throwable {
        long t = Counters.begin(SOCKET);
        int fd;
        try {
            fd = NET.socket0(preferIPv6, stream, reuse, fastLoopback);
        } catch (Throwable e) {
            try { Outcome.thrown(SOCKET, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        int options = (preferIPv6 ? 1 : 0) + (reuse ? 1 : 0) + (stream ? 0 : preferIPv6 ? 2 : 1), counted = -1;
        try {
            Outcome.ok(SOCKET, t);
            for (counted = 0; counted < options; counted++) Counters.count(SETSOCKOPT);
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                if (counted < 0) EDGE[SOCKET * STRIDE]++;
                EDGE[SETSOCKOPT * STRIDE] += options - (counted < 0 ? 0 : counted);
            }
        }
        return fd;
    }

    public static void setIntOption0(FileDescriptor fd, boolean mayNeedConversion, int level, int opt, int arg, boolean isIPv6) throws Throwable {
        long t = Counters.begin(SETSOCKOPT);
        try {
            NET.setIntOption0(fd, mayNeedConversion, level, opt, arg, isIPv6);
        } catch (Throwable e) {
            try { Outcome.thrown(SETSOCKOPT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(SETSOCKOPT, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[SETSOCKOPT * STRIDE]++; }
        }
    }

    public static int getIntOption0(FileDescriptor fd, boolean mayNeedConversion, int level, int opt) throws Throwable {
        long t = Counters.begin(GETSOCKOPT);
        int r;
        try {
            r = NET.getIntOption0(fd, mayNeedConversion, level, opt);
        } catch (Throwable e) {
            try { Outcome.thrown(GETSOCKOPT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(GETSOCKOPT, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[GETSOCKOPT * STRIDE]++; }
        }
        return r;
    }

    public static void bind0(FileDescriptor fd, boolean preferIPv6, boolean exclusive, InetAddress addr, int port) throws Throwable {
        long t = Counters.begin(BIND);
        try {
            NET.bind0(fd, preferIPv6, exclusive, addr, port);
        } catch (Throwable e) {
            try { Outcome.thrown(BIND, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(BIND, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[BIND * STRIDE]++; }
        }
    }

    public static void listen(FileDescriptor fd, int backlog) throws Throwable {
        long t = Counters.begin(LISTEN);
        try { NET.listen(fd, backlog); } catch (Throwable e) { try { Outcome.thrown(LISTEN, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(LISTEN, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[LISTEN * STRIDE]++; }
        }
    }

    /** A non-blocking connect in progress returns UNAVAILABLE: the syscall failed with EINPROGRESS. */
    public static int connect0(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws Throwable {
        long t = Counters.begin(CONNECT);
        int r;
        try {
            r = NET.connect0(preferIPv6, fd, remote, port);
        } catch (Throwable e) {
            try { Outcome.thrown(CONNECT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (r == Outcome.UNAVAILABLE) Counters.failed(CONNECT, "EINPROGRESS", t);
            else Outcome.io(CONNECT, 0, r < 0 ? r : 0, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                int at = CONNECT * STRIDE;
                if (r >= 0 || r == Outcome.EOF) EDGE[at]++;
                else if (r == Outcome.UNAVAILABLE || r == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return r;
    }

    public static int accept(FileDescriptor fd, FileDescriptor newfd, InetSocketAddress[] isaa) throws Throwable {
        long t = Counters.begin(ACCEPT);
        int r;
        try {
            r = NET.accept(fd, newfd, isaa);
        } catch (Throwable e) {
            try { Outcome.thrown(ACCEPT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(ACCEPT, 0, r < 0 ? r : 0, t, fd);
        } catch (StackOverflowError e) {
            long m = r < 0 ? r : 0;
            synchronized (EDGE) {
                int at = ACCEPT * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += 0; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return r;
    }

    public static int poll(FileDescriptor fd, int events, long timeout) throws Throwable {
        long t = Counters.begin(POLL);
        int r;
        try {
            r = NET.poll(fd, events, timeout);
        } catch (Throwable e) {
            try { Outcome.thrown(POLL, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(POLL, 0, r < 0 ? r : 0, t, fd);
        } catch (StackOverflowError e) {
            long m = r < 0 ? r : 0;
            synchronized (EDGE) {
                int at = POLL * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += 0; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return r;
    }

    public static void shutdown(FileDescriptor fd, int how) throws Throwable {
        long t = Counters.begin(SHUTDOWN);
        try { NET.shutdown(fd, how); } catch (Throwable e) { try { Outcome.thrown(SHUTDOWN, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(SHUTDOWN, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[SHUTDOWN * STRIDE]++; }
        }
    }

    public static int localPort(FileDescriptor fd) throws Throwable {
        long t = Counters.begin(GETSOCKNAME);
        int r;
        try {
            r = NET.localPort(fd);
        } catch (Throwable e) {
            try { Outcome.thrown(GETSOCKNAME, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(GETSOCKNAME, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[GETSOCKNAME * STRIDE]++; }
        }
        return r;
    }

    public static InetAddress localInetAddress(FileDescriptor fd) throws Throwable {
        long t = Counters.begin(GETSOCKNAME);
        InetAddress r;
        try {
            r = NET.localInetAddress(fd);
        } catch (Throwable e) {
            try { Outcome.thrown(GETSOCKNAME, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(GETSOCKNAME, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[GETSOCKNAME * STRIDE]++; }
        }
        return r;
    }
}
