package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * sun.nio.fs.UnixNativeDispatcher: java.nio.file.Files and the default file-system provider.
 * Errors arrive as sun.nio.fs.UnixException.
 */
public final class FileSystemHooks {
    /** sun.nio.fs.UnixNativeDispatcher's natives, with JDK 21+'s signatures where they changed. */
    public interface Dispatcher {
        int open0(long path, int flags, int mode);
        void close0(int fd);
        int dup(int fd);
        int stat0(long path, Object attrs);
        void lstat0(long path, Object attrs);
        boolean exists0(long path);
        int access0(long path, int amode);
        void mkdir0(long path, int mode);
        void unlink0(long path);
        void rmdir0(long path);
        void rename0(long from, long to);
        long fdopendir(int fd);
        byte[] readdir(long dir);
        byte[] readdir0(long dir);
        void fstat(int fd, Object attrs);
        void fstat0(int fd, Object attrs);
        void fstatat0(int dfd, long path, int flag, Object attrs);
        long opendir0(long path);
        void closedir(long dir);
    }

    /** JDK 17's stat0 and access0, which threw where JDK 21+ returns the errno. */
    public interface Dispatcher17 {
        void stat0(long path, Object attrs);
        void access0(long path, int amode);
    }

    private static final Dispatcher UND = Bridge.to(Dispatcher.class);
    private static final Dispatcher17 D17 = Bridge.to(Dispatcher17.class);

    /** Per open directory stream, the replay of its getdents64 buffers. */
    private static final Map<Long, DirectoryBuffer> DIRS = new ConcurrentHashMap<>();

    private FileSystemHooks() { }


    public static int open0(long path, int flags, int mode) throws Throwable {
        long t = Counters.begin(OPENAT);
        int fd;
        try { fd = UND.open0(path, flags, mode); } catch (Throwable e) { throw Outcome.thrown(OPENAT, e, t); }
        Outcome.ok(OPENAT, t);
        return fd;
    }

    public static void close0(int fd) throws Throwable {
        long t = Counters.begin(CLOSE);
        try { UND.close0(fd); } catch (Throwable e) { throw Outcome.thrown(CLOSE, e, t); }
        Outcome.ok(CLOSE, t);
    }

    public static int dup(int fd) throws Throwable {
        long t = Counters.begin(DUP);
        int r;
        try { r = UND.dup(fd); } catch (Throwable e) { throw Outcome.thrown(DUP, e, t); }
        Outcome.ok(DUP, t);
        return r;
    }

    public static void stat0(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { D17.stat0(path, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    /** JDK 21+: returns the errno instead of throwing. */
    public static int stat0Errno(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        int errno;
        try { errno = UND.stat0(path, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        if (errno == 0) Outcome.ok(filesStat, t);
        else Counters.failed(filesStat, "errno " + errno, t);
        return errno;
    }

    public static void lstat0(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { UND.lstat0(path, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    public static boolean exists0(long path) throws Throwable {
        long t = Counters.begin(ACCESS);
        boolean r;
        try { r = UND.exists0(path); } catch (Throwable e) { throw Outcome.thrown(ACCESS, e, t); }
        if (r) Outcome.ok(ACCESS, t);
        else Counters.failed(ACCESS, "ENOENT", t);
        return r;
    }

    public static void access0(long path, int amode) throws Throwable {
        long t = Counters.begin(ACCESS);
        try { D17.access0(path, amode); } catch (Throwable e) { throw Outcome.thrown(ACCESS, e, t); }
        Outcome.ok(ACCESS, t);
    }

    public static int access0Errno(long path, int amode) throws Throwable {
        long t = Counters.begin(ACCESS);
        int errno;
        try { errno = UND.access0(path, amode); } catch (Throwable e) { throw Outcome.thrown(ACCESS, e, t); }
        if (errno == 0) Outcome.ok(ACCESS, t);
        else Counters.failed(ACCESS, "errno " + errno, t);
        return errno;
    }

    public static void mkdir0(long path, int mode) throws Throwable {
        long t = Counters.begin(MKDIR);
        try { UND.mkdir0(path, mode); } catch (Throwable e) { throw Outcome.thrown(MKDIR, e, t); }
        Outcome.ok(MKDIR, t);
    }

    public static void unlink0(long path) throws Throwable {
        long t = Counters.begin(UNLINK);
        try { UND.unlink0(path); } catch (Throwable e) { throw Outcome.thrown(UNLINK, e, t); }
        Outcome.ok(UNLINK, t);
    }

    public static void rmdir0(long path) throws Throwable {
        long t = Counters.begin(RMDIR);
        try { UND.rmdir0(path); } catch (Throwable e) { throw Outcome.thrown(RMDIR, e, t); }
        Outcome.ok(RMDIR, t);
    }

    public static void rename0(long from, long to) throws Throwable {
        long t = Counters.begin(RENAME);
        try { UND.rename0(from, to); } catch (Throwable e) { throw Outcome.thrown(RENAME, e, t); }
        Outcome.ok(RENAME, t);
    }

    public static void fstat(int fd, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { UND.fstat(fd, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    public static void fstat0(int fd, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { UND.fstat0(fd, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    public static void fstatat0(int dfd, long path, int flag, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { UND.fstatat0(dfd, path, flag, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    /** glibc opendir: openat(O_DIRECTORY|O_CLOEXEC), then its own fstat (newfstatat) of the descriptor. */
    public static long opendir0(long path) throws Throwable {
        long t = Counters.begin(OPENAT);
        long dir;
        try { dir = UND.opendir0(path); } catch (Throwable e) { throw Outcome.thrown(OPENAT, e, t); }
        Outcome.ok(OPENAT, t);
        Counters.count(NEWFSTATAT);
        return dir;
    }

    /** glibc fdopendir: fstat of the descriptor, fcntl(F_GETFL), fcntl(F_SETFD, FD_CLOEXEC). */
    public static long fdopendir(int fd) throws Throwable {
        long t = Counters.begin(NEWFSTATAT);
        long dir;
        try { dir = UND.fdopendir(fd); } catch (Throwable e) { throw Outcome.thrown(NEWFSTATAT, e, t); }
        Outcome.ok(NEWFSTATAT, t);
        Counters.count(FCNTL);
        Counters.count(FCNTL);
        return dir;
    }

    public static byte[] readdir(long dir) throws Throwable {
        byte[] name;
        try { name = UND.readdir(dir); } catch (Throwable e) { throw Outcome.thrown(GETDENTS64, e, 0L); }
        replay(dir, name);
        return name;
    }

    public static byte[] readdir0(long dir) throws Throwable {
        byte[] name;
        try { name = UND.readdir0(dir); } catch (Throwable e) { throw Outcome.thrown(GETDENTS64, e, 0L); }
        replay(dir, name);
        return name;
    }

    private static void replay(long dir, byte[] name) {
        // no lambda: its bootstrap would cost milliseconds at the first directory listed
        DirectoryBuffer buffer = DIRS.get(dir);
        if (buffer == null) DIRS.put(dir, buffer = new DirectoryBuffer());
        if (name == null) { // the end: glibc's last getdents64 returned 0
            Counters.count(GETDENTS64);
            buffer.end();
        } else if (buffer.entry(name.length)) {
            Counters.count(GETDENTS64);
        }
    }

    public static void closedir(long dir) throws Throwable {
        DIRS.remove(dir);
        long t = Counters.begin(CLOSE);
        try { UND.closedir(dir); } catch (Throwable e) { throw Outcome.thrown(CLOSE, e, t); }
        Outcome.ok(CLOSE, t);
    }
}
