package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;
import static java.lang.invoke.MethodType.methodType;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Socket natives: data through sun.nio.ch.SocketDispatcher (java.net.Socket via NioSocketImpl, SocketChannel)
 * and DatagramDispatcher/DatagramChannelImpl; set-up and readiness through sun.nio.ch.Net.
 */
public final class SocketHooks {
    private static final String SD = "sun.nio.ch.SocketDispatcher", DD = "sun.nio.ch.DatagramDispatcher",
            DC = "sun.nio.ch.DatagramChannelImpl", NET = "sun.nio.ch.Net";
    private static final MethodType RW = methodType(int.class, FileDescriptor.class, long.class, int.class);
    private static final MethodType RWV = methodType(long.class, FileDescriptor.class, long.class, int.class);

    private static final MethodHandle SD_READ0 = Natives.of(SD, "read0", RW), SD_READV0 = Natives.of(SD, "readv0", RWV),
            SD_WRITE0 = Natives.of(SD, "write0", RW), SD_WRITEV0 = Natives.of(SD, "writev0", RWV),
            DD_READ0 = Natives.of(DD, "read0", RW), DD_WRITE0 = Natives.of(DD, "write0", RW);
    private static final MethodHandle SEND0 = Natives.of(DC, "send0", methodType(int.class, FileDescriptor.class, long.class, int.class, long.class, int.class));
    private static final MethodHandle RECEIVE0 = Natives.of(DC, "receive0", methodType(int.class, FileDescriptor.class, long.class, int.class, long.class, boolean.class));
    private static final MethodHandle SOCKET0 = Natives.of(NET, "socket0", methodType(int.class, boolean.class, boolean.class, boolean.class, boolean.class));
    private static final MethodHandle BIND0 = Natives.of(NET, "bind0", methodType(void.class, FileDescriptor.class, boolean.class, boolean.class, InetAddress.class, int.class));
    private static final MethodHandle LISTEN_NATIVE = Natives.of(NET, "listen", methodType(void.class, FileDescriptor.class, int.class));
    private static final MethodHandle CONNECT0 = Natives.of(NET, "connect0", methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class));
    private static final MethodHandle ACCEPT_NATIVE = Natives.of(NET, "accept", methodType(int.class, FileDescriptor.class, FileDescriptor.class, InetSocketAddress[].class));
    private static final MethodHandle POLL_NATIVE = Natives.of(NET, "poll", methodType(int.class, FileDescriptor.class, int.class, long.class));
    private static final MethodHandle SHUTDOWN_NATIVE = Natives.of(NET, "shutdown", methodType(void.class, FileDescriptor.class, int.class));
    private static final MethodHandle SET_INT_OPTION0 = Natives.of(NET, "setIntOption0",
            methodType(void.class, FileDescriptor.class, boolean.class, int.class, int.class, int.class, boolean.class));
    private static final MethodHandle GET_INT_OPTION0 = Natives.of(NET, "getIntOption0", methodType(int.class, FileDescriptor.class, boolean.class, int.class, int.class));
    private static final MethodHandle IPV6_AVAILABLE = ipv6Available();
    private static final MethodHandle LOCAL_PORT = Natives.of(NET, "localPort", methodType(int.class, FileDescriptor.class));
    private static final MethodHandle LOCAL_INET_ADDRESS = Natives.of(NET, "localInetAddress", methodType(InetAddress.class, FileDescriptor.class));

    private static final MethodHandle CLOSE0 = closeHandle("close0", methodType(void.class, FileDescriptor.class));
    private static final MethodHandle CLOSE_INT_FD = closeHandle("closeIntFD", methodType(void.class, int.class));

    private SocketHooks() { }

    /** Socket and selector closes: FileDispatcherImpl in JDK 17, UnixDispatcher/UnixFileDispatcherImpl later. */
    private static MethodHandle closeHandle(String name, MethodType type) {
        for (String owner : new String[] {"sun.nio.ch.UnixDispatcher", "sun.nio.ch.UnixFileDispatcherImpl", "sun.nio.ch.FileDispatcherImpl"}) {
            try {
                Class<?> c = Class.forName(owner, false, null);
                for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(name) && java.lang.reflect.Modifier.isNative(m.getModifiers())) return Natives.of(owner, name, type);
                }
            } catch (ClassNotFoundException e) {
                // next candidate
            }
        }
        return Natives.of("sun.nio.ch.FileDispatcherImpl", name, type);
    }

    /** close0 closes the fd unless it is already -1. */
    public static void close0(FileDescriptor fd) throws Throwable {
        boolean valid = fd.valid();
        long t = Counters.begin(CLOSE);
        try { CLOSE0.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(CLOSE, e, t); }
        if (valid) Outcome.ok(CLOSE, t);
    }

    public static void closeIntFD(int fd) throws Throwable {
        long t = Counters.begin(CLOSE);
        try { CLOSE_INT_FD.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(CLOSE, e, t); }
        Outcome.ok(CLOSE, t);
    }

    public static int socketRead0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(SD_READ0, READ, fd, address, len); }
    public static long socketReadv0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(SD_READV0, READV, fd, address, n); }
    public static int socketWrite0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(SD_WRITE0, WRITE, fd, address, len); }
    public static long socketWritev0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(SD_WRITEV0, WRITEV, fd, address, n); }
    public static int datagramRead0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(DD_READ0, READ, fd, address, len); }
    public static int datagramWrite0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(DD_WRITE0, WRITE, fd, address, len); }

    public static int send0(FileDescriptor fd, long address, int len, long target, int targetLen) throws Throwable {
        long t = Counters.begin(SENDTO);
        int n;
        try { n = (int) SEND0.invokeExact(fd, address, len, target, targetLen); } catch (Throwable e) { throw Outcome.thrown(SENDTO, e, t); }
        Outcome.io(SENDTO, len, n, t);
        return n;
    }

    public static int receive0(FileDescriptor fd, long address, int len, long sender, boolean connected) throws Throwable {
        long t = Counters.begin(RECVFROM);
        int n;
        try { n = (int) RECEIVE0.invokeExact(fd, address, len, sender, connected); } catch (Throwable e) { throw Outcome.thrown(RECVFROM, e, t); }
        Outcome.io(RECVFROM, len, n, t);
        return n;
    }

    private static MethodHandle ipv6Available() {
        try {
            Class<?> net = Class.forName(NET, false, null);
            return MethodHandles.privateLookupIn(net, MethodHandles.lookup()).findStatic(net, "isIPv6Available", methodType(boolean.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return MethodHandles.constant(boolean.class, false);
        }
    }

    /**
     * socket, then setsockopt: IPV6_V6ONLY off on an IPv6 socket, SO_REUSEADDR when asked, and for a datagram
     * socket IP_MULTICAST_ALL off (plus IPV6_MULTICAST_HOPS on IPv6). Net's cached answer decides IPv6.
     */
    public static int socket0(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback) throws Throwable {
        long t = Counters.begin(SOCKET);
        int fd;
        try { fd = (int) SOCKET0.invokeExact(preferIPv6, stream, reuse, fastLoopback); } catch (Throwable e) { throw Outcome.thrown(SOCKET, e, t); }
        Outcome.ok(SOCKET, t);
        boolean v6 = preferIPv6 && (boolean) IPV6_AVAILABLE.invokeExact();
        int options = (v6 ? 1 : 0) + (reuse ? 1 : 0) + (stream ? 0 : v6 ? 2 : 1);
        for (int i = 0; i < options; i++) Counters.count(SETSOCKOPT);
        return fd;
    }

    public static void setIntOption0(FileDescriptor fd, boolean mayNeedConversion, int level, int opt, int arg, boolean isIPv6) throws Throwable {
        long t = Counters.begin(SETSOCKOPT);
        try { SET_INT_OPTION0.invokeExact(fd, mayNeedConversion, level, opt, arg, isIPv6); } catch (Throwable e) { throw Outcome.thrown(SETSOCKOPT, e, t); }
        Outcome.ok(SETSOCKOPT, t);
    }

    public static int getIntOption0(FileDescriptor fd, boolean mayNeedConversion, int level, int opt) throws Throwable {
        long t = Counters.begin(GETSOCKOPT);
        int r;
        try { r = (int) GET_INT_OPTION0.invokeExact(fd, mayNeedConversion, level, opt); } catch (Throwable e) { throw Outcome.thrown(GETSOCKOPT, e, t); }
        Outcome.ok(GETSOCKOPT, t);
        return r;
    }

    public static void bind0(FileDescriptor fd, boolean preferIPv6, boolean exclusive, InetAddress addr, int port) throws Throwable {
        long t = Counters.begin(BIND);
        try { BIND0.invokeExact(fd, preferIPv6, exclusive, addr, port); } catch (Throwable e) { throw Outcome.thrown(BIND, e, t); }
        Outcome.ok(BIND, t);
    }

    public static void listen(FileDescriptor fd, int backlog) throws Throwable {
        long t = Counters.begin(LISTEN);
        try { LISTEN_NATIVE.invokeExact(fd, backlog); } catch (Throwable e) { throw Outcome.thrown(LISTEN, e, t); }
        Outcome.ok(LISTEN, t);
    }

    /** A non-blocking connect in progress returns UNAVAILABLE: the syscall failed with EINPROGRESS. */
    public static int connect0(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws Throwable {
        long t = Counters.begin(CONNECT);
        int r;
        try { r = (int) CONNECT0.invokeExact(preferIPv6, fd, remote, port); } catch (Throwable e) { throw Outcome.thrown(CONNECT, e, t); }
        if (r == Outcome.UNAVAILABLE) Counters.failed(CONNECT, "EINPROGRESS", t);
        else Outcome.io(CONNECT, 0, r < 0 ? r : 0, t);
        return r;
    }

    public static int accept(FileDescriptor fd, FileDescriptor newfd, InetSocketAddress[] isaa) throws Throwable {
        long t = Counters.begin(ACCEPT);
        int r;
        try { r = (int) ACCEPT_NATIVE.invokeExact(fd, newfd, isaa); } catch (Throwable e) { throw Outcome.thrown(ACCEPT, e, t); }
        Outcome.io(ACCEPT, 0, r < 0 ? r : 0, t);
        return r;
    }

    public static int poll(FileDescriptor fd, int events, long timeout) throws Throwable {
        long t = Counters.begin(POLL);
        int r;
        try { r = (int) POLL_NATIVE.invokeExact(fd, events, timeout); } catch (Throwable e) { throw Outcome.thrown(POLL, e, t); }
        Outcome.io(POLL, 0, r < 0 ? r : 0, t);
        return r;
    }

    public static void shutdown(FileDescriptor fd, int how) throws Throwable {
        long t = Counters.begin(SHUTDOWN);
        try { SHUTDOWN_NATIVE.invokeExact(fd, how); } catch (Throwable e) { throw Outcome.thrown(SHUTDOWN, e, t); }
        Outcome.ok(SHUTDOWN, t);
    }

    public static int localPort(FileDescriptor fd) throws Throwable {
        long t = Counters.begin(GETSOCKNAME);
        int r;
        try { r = (int) LOCAL_PORT.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(GETSOCKNAME, e, t); }
        Outcome.ok(GETSOCKNAME, t);
        return r;
    }

    public static InetAddress localInetAddress(FileDescriptor fd) throws Throwable {
        long t = Counters.begin(GETSOCKNAME);
        InetAddress r;
        try { r = (InetAddress) LOCAL_INET_ADDRESS.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(GETSOCKNAME, e, t); }
        Outcome.ok(GETSOCKNAME, t);
        return r;
    }
}
