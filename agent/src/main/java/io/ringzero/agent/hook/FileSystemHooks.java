package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;
import static java.lang.invoke.MethodType.methodType;

import io.ringzero.agent.count.Counters;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * sun.nio.fs.UnixNativeDispatcher: java.nio.file.Files and the default file-system provider.
 * Errors arrive as sun.nio.fs.UnixException.
 */
public final class FileSystemHooks {
    private static final String UND = "sun.nio.fs.UnixNativeDispatcher";
    private static final MethodType PATH_VOID = methodType(void.class, long.class);
    private static final MethodType STAT = methodType(void.class, long.class, Object.class);
    private static final MethodHandle OPEN0 = Natives.of(UND, "open0", methodType(int.class, long.class, int.class, int.class));
    private static final MethodHandle CLOSE0 = Natives.of(UND, "close0", methodType(void.class, int.class));
    private static final MethodHandle DUP_NATIVE = Natives.of(UND, "dup", methodType(int.class, int.class));
    private static final MethodHandle STAT0_17 = Natives.of(UND, "stat0", STAT);
    private static final MethodHandle STAT0 = Natives.of(UND, "stat0", methodType(int.class, long.class, Object.class));
    private static final MethodHandle LSTAT0 = Natives.of(UND, "lstat0", STAT);
    private static final MethodHandle EXISTS0 = Natives.of(UND, "exists0", methodType(boolean.class, long.class));
    private static final MethodHandle ACCESS0_17 = Natives.of(UND, "access0", methodType(void.class, long.class, int.class));
    private static final MethodHandle ACCESS0 = Natives.of(UND, "access0", methodType(int.class, long.class, int.class));
    private static final MethodHandle MKDIR0 = Natives.of(UND, "mkdir0", methodType(void.class, long.class, int.class));
    private static final MethodHandle UNLINK0 = Natives.of(UND, "unlink0", PATH_VOID);
    private static final MethodHandle RMDIR0 = Natives.of(UND, "rmdir0", PATH_VOID);
    private static final MethodHandle RENAME0 = Natives.of(UND, "rename0", methodType(void.class, long.class, long.class));
    private static final MethodHandle FDOPENDIR = Natives.of(UND, "fdopendir", methodType(long.class, int.class));
    private static final MethodHandle READDIR = Natives.of(UND, "readdir", methodType(byte[].class, long.class));
    private static final MethodHandle READDIR0 = Natives.of(UND, "readdir0", methodType(byte[].class, long.class));
    private static final MethodHandle FSTAT_17 = Natives.of(UND, "fstat", methodType(void.class, int.class, Object.class));
    private static final MethodHandle FSTAT0 = Natives.of(UND, "fstat0", methodType(void.class, int.class, Object.class));
    private static final MethodHandle FSTATAT0 = Natives.of(UND, "fstatat0", methodType(void.class, int.class, long.class, int.class, Object.class));
    private static final MethodHandle OPENDIR0 = Natives.of(UND, "opendir0", methodType(long.class, long.class));
    private static final MethodHandle CLOSEDIR = Natives.of(UND, "closedir", methodType(void.class, long.class));

    /** Per open directory stream, the replay of its getdents64 buffers. */
    private static final Map<Long, DirectoryBuffer> DIRS = new ConcurrentHashMap<>();

    private FileSystemHooks() { }


    public static int open0(long path, int flags, int mode) throws Throwable {
        long t = Counters.begin(OPENAT);
        int fd;
        try { fd = (int) OPEN0.invokeExact(path, flags, mode); } catch (Throwable e) { throw Outcome.thrown(OPENAT, e, t); }
        Outcome.ok(OPENAT, t);
        return fd;
    }

    public static void close0(int fd) throws Throwable {
        long t = Counters.begin(CLOSE);
        try { CLOSE0.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(CLOSE, e, t); }
        Outcome.ok(CLOSE, t);
    }

    public static int dup(int fd) throws Throwable {
        long t = Counters.begin(DUP);
        int r;
        try { r = (int) DUP_NATIVE.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(DUP, e, t); }
        Outcome.ok(DUP, t);
        return r;
    }

    public static void stat0(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { STAT0_17.invokeExact(path, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    /** JDK 21+: returns the errno instead of throwing. */
    public static int stat0Errno(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        int errno;
        try { errno = (int) STAT0.invokeExact(path, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        if (errno == 0) Outcome.ok(filesStat, t);
        else Counters.failed(filesStat, "errno " + errno, t);
        return errno;
    }

    public static void lstat0(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { LSTAT0.invokeExact(path, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    public static boolean exists0(long path) throws Throwable {
        long t = Counters.begin(ACCESS);
        boolean r;
        try { r = (boolean) EXISTS0.invokeExact(path); } catch (Throwable e) { throw Outcome.thrown(ACCESS, e, t); }
        if (r) Outcome.ok(ACCESS, t);
        else Counters.failed(ACCESS, "ENOENT", t);
        return r;
    }

    public static void access0(long path, int amode) throws Throwable {
        long t = Counters.begin(ACCESS);
        try { ACCESS0_17.invokeExact(path, amode); } catch (Throwable e) { throw Outcome.thrown(ACCESS, e, t); }
        Outcome.ok(ACCESS, t);
    }

    public static int access0Errno(long path, int amode) throws Throwable {
        long t = Counters.begin(ACCESS);
        int errno;
        try { errno = (int) ACCESS0.invokeExact(path, amode); } catch (Throwable e) { throw Outcome.thrown(ACCESS, e, t); }
        if (errno == 0) Outcome.ok(ACCESS, t);
        else Counters.failed(ACCESS, "errno " + errno, t);
        return errno;
    }

    public static void mkdir0(long path, int mode) throws Throwable {
        long t = Counters.begin(MKDIR);
        try { MKDIR0.invokeExact(path, mode); } catch (Throwable e) { throw Outcome.thrown(MKDIR, e, t); }
        Outcome.ok(MKDIR, t);
    }

    public static void unlink0(long path) throws Throwable {
        long t = Counters.begin(UNLINK);
        try { UNLINK0.invokeExact(path); } catch (Throwable e) { throw Outcome.thrown(UNLINK, e, t); }
        Outcome.ok(UNLINK, t);
    }

    public static void rmdir0(long path) throws Throwable {
        long t = Counters.begin(RMDIR);
        try { RMDIR0.invokeExact(path); } catch (Throwable e) { throw Outcome.thrown(RMDIR, e, t); }
        Outcome.ok(RMDIR, t);
    }

    public static void rename0(long from, long to) throws Throwable {
        long t = Counters.begin(RENAME);
        try { RENAME0.invokeExact(from, to); } catch (Throwable e) { throw Outcome.thrown(RENAME, e, t); }
        Outcome.ok(RENAME, t);
    }

    public static void fstat(int fd, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { FSTAT_17.invokeExact(fd, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    public static void fstat0(int fd, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { FSTAT0.invokeExact(fd, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    public static void fstatat0(int dfd, long path, int flag, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { FSTATAT0.invokeExact(dfd, path, flag, attrs); } catch (Throwable e) { throw Outcome.thrown(filesStat, e, t); }
        Outcome.ok(filesStat, t);
    }

    /** glibc opendir: openat(O_DIRECTORY|O_CLOEXEC), then its own fstat (newfstatat) of the descriptor. */
    public static long opendir0(long path) throws Throwable {
        long t = Counters.begin(OPENAT);
        long dir;
        try { dir = (long) OPENDIR0.invokeExact(path); } catch (Throwable e) { throw Outcome.thrown(OPENAT, e, t); }
        Outcome.ok(OPENAT, t);
        Counters.count(NEWFSTATAT);
        return dir;
    }

    /** glibc fdopendir: fstat of the descriptor, fcntl(F_GETFL), fcntl(F_SETFD, FD_CLOEXEC). */
    public static long fdopendir(int fd) throws Throwable {
        long t = Counters.begin(NEWFSTATAT);
        long dir;
        try { dir = (long) FDOPENDIR.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(NEWFSTATAT, e, t); }
        Outcome.ok(NEWFSTATAT, t);
        Counters.count(FCNTL);
        Counters.count(FCNTL);
        return dir;
    }

    public static byte[] readdir(long dir) throws Throwable {
        byte[] name;
        try { name = (byte[]) READDIR.invokeExact(dir); } catch (Throwable e) { throw Outcome.thrown(GETDENTS64, e, 0L); }
        replay(dir, name);
        return name;
    }

    public static byte[] readdir0(long dir) throws Throwable {
        byte[] name;
        try { name = (byte[]) READDIR0.invokeExact(dir); } catch (Throwable e) { throw Outcome.thrown(GETDENTS64, e, 0L); }
        replay(dir, name);
        return name;
    }

    private static void replay(long dir, byte[] name) {
        DirectoryBuffer buffer = DIRS.computeIfAbsent(dir, d -> new DirectoryBuffer());
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
        try { CLOSEDIR.invokeExact(dir); } catch (Throwable e) { throw Outcome.thrown(CLOSE, e, t); }
        Outcome.ok(CLOSE, t);
    }
}
