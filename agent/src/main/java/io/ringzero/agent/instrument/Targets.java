package io.ringzero.agent.instrument;

import java.util.ArrayList;
import java.util.List;

/**
 * Every JDK native the agent counts, across JDK 17 to 25. A name a JDK does not have is skipped on that JDK;
 * a name it has with a signature no hook matches is reported as uncovered. Callers outside the declaring
 * class are listed because a call is replaced where it is made (checked by a test that scans java.base).
 */
final class Targets {
    private static final String HOOK = "io.ringzero.agent.hook.";
    private static final String STREAMS = HOOK + "FileStreamHooks", CHANNELS = HOOK + "FileChannelHooks",
            SOCKETS = HOOK + "SocketHooks", SELECTORS = HOOK + "SelectorHooks", FILES = HOOK + "FileSystemHooks",
            PROCESSES = HOOK + "ProcessHooks", FILE = HOOK + "FileHooks";
    private static final String FIS = "java.io.FileInputStream", FOS = "java.io.FileOutputStream", RAF = "java.io.RandomAccessFile";
    private static final String FDI = "sun.nio.ch.FileDispatcherImpl", UFDI = "sun.nio.ch.UnixFileDispatcherImpl",
            SD = "sun.nio.ch.SocketDispatcher", DD = "sun.nio.ch.DatagramDispatcher", NET = "sun.nio.ch.Net",
            EPOLL = "sun.nio.ch.EPoll", UND = "sun.nio.fs.UnixNativeDispatcher";
    private static final String[] EPOLL_USERS = {"sun.nio.ch.EPollSelectorImpl", "sun.nio.ch.EPollPort",
            "sun.nio.ch.EPollPort$EventHandlerTask", "sun.nio.ch.EPollPoller"};

    private Targets() { }

    static List<Target> all() {
        List<Target> t = new ArrayList<>();
        for (String s : new String[] {FIS, FOS, RAF}) t.add(Target.of(s, "open0", STREAMS, "open0"));
        t.add(Target.of(FIS, "read0", STREAMS, "read0"));
        t.add(Target.of(RAF, "read0", STREAMS, "read0"));
        t.add(Target.of(FIS, "readBytes", STREAMS, "readBytes"));
        t.add(Target.of(RAF, "readBytes", STREAMS, "readBytes"));
        t.add(Target.of(RAF, "readBytes0", STREAMS, "readBytes0"));
        t.add(Target.of(FOS, "write", STREAMS, "write"));
        t.add(Target.of(RAF, "write0", STREAMS, "write0"));
        t.add(Target.of(FOS, "writeBytes", STREAMS, "writeBytes"));
        t.add(Target.of(RAF, "writeBytes", STREAMS, "writeBytes"));
        t.add(Target.of(RAF, "writeBytes0", STREAMS, "writeBytes0"));
        t.add(Target.of(FIS, "skip0", STREAMS, "skip0"));
        t.add(Target.of(FIS, "position0", STREAMS, "position0"));
        t.add(Target.of(FIS, "length0", STREAMS, "length0"));
        t.add(Target.of(RAF, "seek0", STREAMS, "seek0"));
        t.add(Target.of(RAF, "length0", STREAMS, "length0"));
        t.add(Target.of(RAF, "setLength0", STREAMS, "setLength0"));
        // JDK 17: setLength is the public native itself, so the calls to rewrite are in the application's classes
        t.add(Target.calledByAnyClass(RAF, "setLength", STREAMS, "setLength"));
        t.add(Target.of(FIS, "available0", STREAMS, "available0"));
        t.add(Target.of("java.io.FileDescriptor", "close0", STREAMS, "close0"));
        // java.io.File: JDK 17's public natives are called through java.io.FileSystem; JDK 21+ has private *0 natives
        String ufs = "java.io.UnixFileSystem";
        t.add(Target.of(ufs, "getBooleanAttributes0", FILE, "getBooleanAttributes0"));
        t.add(Target.of(ufs, "rename0", FILE, "rename0"));
        t.add(Target.of(ufs, "delete0", FILE, "delete0"));
        String[][] renamed = {{"checkAccess", "checkAccess0"}, {"getLastModifiedTime", "getLastModifiedTime0"},
            {"getLength", "getLength0"}, {"createFileExclusively", "createFileExclusively0"}, {"list", "list0"},
            {"createDirectory", "createDirectory0"}};
        for (String[] names : renamed) {
            t.add(Target.viaSuper(ufs, names[0], FILE, names[0], "java.io.FileSystem", "java.io.File"));
            t.add(Target.of(ufs, names[1], FILE, names[0]));
        }
        t.add(Target.of("java.lang.ProcessImpl", "forkAndExec", PROCESSES, "forkAndExec"));
        t.add(Target.of("java.lang.ProcessHandleImpl", "isAlive0", PROCESSES, "isAlive0", "java.lang.ProcessHandleImpl$1"));
        t.add(Target.of("java.lang.ProcessHandleImpl", "waitForProcessExit0", PROCESSES, "waitForProcessExit0",
                "java.lang.ProcessHandleImpl$1"));

        for (String d : new String[] {FDI, UFDI}) {
            for (String n : new String[] {"read0", "pread0", "readv0", "pwrite0", "force0", "truncate0", "size0", "seek0", "lock0", "release0"}) {
                t.add(Target.of(d, n, CHANNELS, n));
            }
        }
        // JDK 17 sockets write through the file dispatcher.
        t.add(Target.of(FDI, "write0", CHANNELS, "write0", SD));
        t.add(Target.of(FDI, "writev0", CHANNELS, "writev0", SD));
        t.add(Target.of(UFDI, "write0", CHANNELS, "write0"));
        t.add(Target.of(UFDI, "writev0", CHANNELS, "writev0"));
        t.add(Target.of("sun.nio.ch.FileChannelImpl", "transferTo0", CHANNELS, "transferTo0"));
        t.add(Target.of(FDI, "transferTo0", CHANNELS, "transferTo0"));
        t.add(Target.of(FDI, "transferFrom0", CHANNELS, "transferFrom0"));
        t.add(Target.of("sun.nio.ch.FileChannelImpl", "map0", CHANNELS, "channelMap0"));
        t.add(Target.of(UFDI, "map0", CHANNELS, "map0"));
        t.add(Target.of("sun.nio.ch.FileChannelImpl", "unmap0", CHANNELS, "unmap0", "sun.nio.ch.FileChannelImpl$Unmapper"));
        t.add(Target.of(UFDI, "unmap0", CHANNELS, "unmap0"));

        // JDK 17: socket closes go through the file dispatcher; epoll fds through closeIntFD.
        t.add(Target.of(FDI, "close0", SOCKETS, "close0", SD, DD));
        t.add(Target.of("sun.nio.ch.UnixDispatcher", "close0", SOCKETS, "close0"));
        t.add(Target.of(FDI, "closeIntFD", SOCKETS, "closeIntFD", "sun.nio.ch.EPollSelectorImpl", "sun.nio.ch.EPollPort",
                "sun.nio.ch.EventFD", "sun.nio.ch.PollSelectorImpl"));
        t.add(Target.of(UFDI, "closeIntFD", SOCKETS, "closeIntFD", "sun.nio.ch.EPollSelectorImpl", "sun.nio.ch.EPollPort",
                "sun.nio.ch.EventFD", "sun.nio.ch.PollSelectorImpl", "sun.nio.ch.EPollPoller"));
        // Selector.wakeup writes the selector's eventfd; the next select drains it.
        t.add(Target.of("sun.nio.ch.EventFD", "set0", SELECTORS, "eventfdSet"));
        t.add(Target.of("sun.nio.ch.IOUtil", "drain", SELECTORS, "eventfdDrain", "sun.nio.ch.EventFD",
                "sun.nio.ch.PollSelectorImpl"));
        t.add(Target.of("sun.nio.ch.IOUtil", "configureBlocking", SOCKETS, "configureBlocking", "sun.nio.ch.DatagramChannelImpl",
                "sun.nio.ch.EPollSelectorImpl", "sun.nio.ch.NioSocketImpl", "sun.nio.ch.ServerSocketChannelImpl",
                "sun.nio.ch.SinkChannelImpl", "sun.nio.ch.SocketChannelImpl", "sun.nio.ch.SourceChannelImpl",
                "sun.nio.ch.UnixAsynchronousServerSocketChannelImpl", "sun.nio.ch.UnixAsynchronousSocketChannelImpl"));
        t.add(Target.of(SD, "read0", SOCKETS, "socketRead0"));
        t.add(Target.of(SD, "readv0", SOCKETS, "socketReadv0"));
        t.add(Target.of(SD, "write0", SOCKETS, "socketWrite0"));
        t.add(Target.of(SD, "writev0", SOCKETS, "socketWritev0"));
        t.add(Target.of(DD, "read0", SOCKETS, "datagramRead0"));
        t.add(Target.of(DD, "write0", SOCKETS, "datagramWrite0"));
        t.add(Target.of("sun.nio.ch.DatagramChannelImpl", "send0", SOCKETS, "send0"));
        t.add(Target.of("sun.nio.ch.DatagramChannelImpl", "receive0", SOCKETS, "receive0"));
        t.add(Target.of(NET, "socket0", SOCKETS, "socket0"));
        t.add(Target.of(NET, "bind0", SOCKETS, "bind0"));
        t.add(Target.of(NET, "connect0", SOCKETS, "connect0"));
        t.add(Target.of(NET, "setIntOption0", SOCKETS, "setIntOption0"));
        t.add(Target.of(NET, "getIntOption0", SOCKETS, "getIntOption0"));
        t.add(Target.of(NET, "localPort", SOCKETS, "localPort"));
        t.add(Target.of(NET, "localInetAddress", SOCKETS, "localInetAddress"));
        t.add(Target.of(NET, "listen", SOCKETS, "listen", "sun.nio.ch.NioSocketImpl", "sun.nio.ch.ServerSocketChannelImpl",
                "sun.nio.ch.AsynchronousServerSocketChannelImpl"));
        t.add(Target.of(NET, "accept", SOCKETS, "accept", "sun.nio.ch.NioSocketImpl", "sun.nio.ch.ServerSocketChannelImpl",
                "sun.nio.ch.UnixAsynchronousServerSocketChannelImpl"));
        t.add(Target.of(NET, "poll", SOCKETS, "poll", "sun.nio.ch.NioSocketImpl", "sun.nio.ch.SelChImpl",
                "sun.nio.ch.DatagramChannelImpl"));
        t.add(Target.of(NET, "shutdown", SOCKETS, "shutdown", "sun.nio.ch.NioSocketImpl", "sun.nio.ch.SocketChannelImpl",
                "sun.nio.ch.AsynchronousSocketChannelImpl"));

        t.add(Target.of(EPOLL, "create", SELECTORS, "create", EPOLL_USERS));
        t.add(Target.of(EPOLL, "ctl", SELECTORS, "ctl", EPOLL_USERS));
        t.add(Target.of(EPOLL, "wait", SELECTORS, "wait", EPOLL_USERS));

        t.add(Target.of(UND, "dup", FILES, "dup", "sun.nio.fs.UnixFileSystemProvider", "sun.nio.fs.UnixSecureDirectoryStream"));
        for (String n : new String[] {"open0", "close0", "lstat0", "exists0", "mkdir0", "unlink0", "rmdir0", "rename0"}) {
            t.add(Target.of(UND, n, FILES, n));
        }
        t.add(Target.of(UND, "stat0", FILES, "stat0"));
        t.add(Target.of(UND, "stat0", FILES, "stat0Errno"));
        t.add(Target.of(UND, "access0", FILES, "access0"));
        t.add(Target.of(UND, "access0", FILES, "access0Errno"));
        t.add(Target.of(UND, "fstat", FILES, "fstat", "sun.nio.fs.UnixFileAttributes"));
        t.add(Target.of(UND, "fstat0", FILES, "fstat0"));
        t.add(Target.of(UND, "fstatat0", FILES, "fstatat0"));
        t.add(Target.of(UND, "opendir0", FILES, "opendir0"));
        t.add(Target.of(UND, "fdopendir", FILES, "fdopendir", "sun.nio.fs.UnixFileSystemProvider", "sun.nio.fs.UnixSecureDirectoryStream"));
        t.add(Target.of(UND, "readdir", FILES, "readdir", "sun.nio.fs.UnixDirectoryStream$UnixDirectoryIterator"));
        t.add(Target.of(UND, "readdir0", FILES, "readdir0"));
        t.add(Target.of(UND, "closedir", FILES, "closedir", "sun.nio.fs.UnixDirectoryStream"));
        return t;
    }
}
