package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.STRIDE;
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
        try {
            fd = UND.open0(path, flags, mode);
        } catch (Throwable e) {
            try { Outcome.thrown(OPENAT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(OPENAT, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[OPENAT * STRIDE]++; }
        }
        return fd;
    }

    public static void close0(int fd) throws Throwable {
        long t = Counters.begin(CLOSE);
        try { UND.close0(fd); } catch (Throwable e) { try { Outcome.thrown(CLOSE, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(CLOSE, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[CLOSE * STRIDE]++; }
        }
    }

    public static int dup(int fd) throws Throwable {
        long t = Counters.begin(DUP);
        int r;
        try { r = UND.dup(fd); } catch (Throwable e) { try { Outcome.thrown(DUP, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(DUP, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[DUP * STRIDE]++; }
        }
        return r;
    }

    public static void stat0(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { D17.stat0(path, attrs); } catch (Throwable e) { try { Outcome.thrown(filesStat, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(filesStat, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[filesStat * STRIDE]++; }
        }
    }

    /** JDK 21+: returns the errno instead of throwing. */
    public static int stat0Errno(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        int errno;
        try {
            errno = UND.stat0(path, attrs);
        } catch (Throwable e) {
            try { Outcome.thrown(filesStat, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (errno == 0) Outcome.ok(filesStat, t);
            else Counters.failed(filesStat, "errno " + errno, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[filesStat * STRIDE]++; if (!(errno == 0)) EDGE[filesStat * STRIDE + ERRORS]++; }
        }
        return errno;
    }

    public static void lstat0(long path, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try {
            UND.lstat0(path, attrs);
        } catch (Throwable e) {
            try { Outcome.thrown(filesStat, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(filesStat, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[filesStat * STRIDE]++; }
        }
    }

    public static boolean exists0(long path) throws Throwable {
        long t = Counters.begin(ACCESS);
        boolean r;
        try { r = UND.exists0(path); } catch (Throwable e) { try { Outcome.thrown(ACCESS, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            if (r) Outcome.ok(ACCESS, t);
            else Counters.failed(ACCESS, "ENOENT", t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[ACCESS * STRIDE]++; if (!(r)) EDGE[ACCESS * STRIDE + ERRORS]++; }
        }
        return r;
    }

    public static void access0(long path, int amode) throws Throwable {
        long t = Counters.begin(ACCESS);
        try { D17.access0(path, amode); } catch (Throwable e) { try { Outcome.thrown(ACCESS, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(ACCESS, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[ACCESS * STRIDE]++; }
        }
    }

    public static int access0Errno(long path, int amode) throws Throwable {
        long t = Counters.begin(ACCESS);
        int errno;
        try {
            errno = UND.access0(path, amode);
        } catch (Throwable e) {
            try { Outcome.thrown(ACCESS, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (errno == 0) Outcome.ok(ACCESS, t);
            else Counters.failed(ACCESS, "errno " + errno, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[ACCESS * STRIDE]++; if (!(errno == 0)) EDGE[ACCESS * STRIDE + ERRORS]++; }
        }
        return errno;
    }

    public static void mkdir0(long path, int mode) throws Throwable {
        long t = Counters.begin(MKDIR);
        try { UND.mkdir0(path, mode); } catch (Throwable e) { try { Outcome.thrown(MKDIR, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(MKDIR, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[MKDIR * STRIDE]++; }
        }
    }

    public static void unlink0(long path) throws Throwable {
        long t = Counters.begin(UNLINK);
        try { UND.unlink0(path); } catch (Throwable e) { try { Outcome.thrown(UNLINK, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(UNLINK, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[UNLINK * STRIDE]++; }
        }
    }

    public static void rmdir0(long path) throws Throwable {
        long t = Counters.begin(RMDIR);
        try { UND.rmdir0(path); } catch (Throwable e) { try { Outcome.thrown(RMDIR, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(RMDIR, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[RMDIR * STRIDE]++; }
        }
    }

    public static void rename0(long from, long to) throws Throwable {
        long t = Counters.begin(RENAME);
        try { UND.rename0(from, to); } catch (Throwable e) { try { Outcome.thrown(RENAME, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(RENAME, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[RENAME * STRIDE]++; }
        }
    }

    public static void fstat(int fd, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { UND.fstat(fd, attrs); } catch (Throwable e) { try { Outcome.thrown(filesStat, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(filesStat, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[filesStat * STRIDE]++; }
        }
    }

    public static void fstat0(int fd, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try { UND.fstat0(fd, attrs); } catch (Throwable e) { try { Outcome.thrown(filesStat, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(filesStat, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[filesStat * STRIDE]++; }
        }
    }

    public static void fstatat0(int dfd, long path, int flag, Object attrs) throws Throwable {
        long t = Counters.begin(filesStat);
        try {
            UND.fstatat0(dfd, path, flag, attrs);
        } catch (Throwable e) {
            try { Outcome.thrown(filesStat, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(filesStat, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[filesStat * STRIDE]++; }
        }
    }

    /** glibc opendir: openat(O_DIRECTORY|O_CLOEXEC), then its own fstat (newfstatat) of the descriptor. */
    public static long opendir0(long path) throws Throwable {
        long t = Counters.begin(OPENAT);
        long dir;
        try { dir = UND.opendir0(path); } catch (Throwable e) { try { Outcome.thrown(OPENAT, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Counters.end(OPENAT, t, null, NEWFSTATAT);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[OPENAT * STRIDE]++; EDGE[NEWFSTATAT * STRIDE]++; }
        }
        return dir;
    }

    /** glibc fdopendir: fstat of the descriptor, fcntl(F_GETFL), fcntl(F_SETFD, FD_CLOEXEC). */
    public static long fdopendir(int fd) throws Throwable {
        long t = Counters.begin(NEWFSTATAT);
        long dir;
        try {
            dir = UND.fdopendir(fd);
        } catch (Throwable e) {
            try { Outcome.thrown(NEWFSTATAT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        int[] kinds = {NEWFSTATAT, FCNTL}, times = {1, 2};
        try {
            Counters.end(kinds, times, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { for (int i = 0; i < kinds.length; i++) EDGE[kinds[i] * STRIDE] += times[i]; }
        }
        return dir;
    }

    public static byte[] readdir(long dir) throws Throwable {
        byte[] name;
        try {
            name = UND.readdir(dir);
        } catch (Throwable e) {
            try { Outcome.thrown(GETDENTS64, e, 0L); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            replay(dir, name);
        } catch (StackOverflowError e) {
            // the end is one getdents64; whether an entry was read by one of its own cannot be told without a call
            if (name == null) synchronized (EDGE) { EDGE[GETDENTS64 * STRIDE]++; }
        }
        return name;
    }

    public static byte[] readdir0(long dir) throws Throwable {
        byte[] name;
        try {
            name = UND.readdir0(dir);
        } catch (Throwable e) {
            try { Outcome.thrown(GETDENTS64, e, 0L); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            replay(dir, name);
        } catch (StackOverflowError e) {
            // the end is one getdents64; whether an entry was read by one of its own cannot be told without a call
            if (name == null) synchronized (EDGE) { EDGE[GETDENTS64 * STRIDE]++; }
        }
        return name;
    }

    /** The count is its last step: an overflow that leaves it has counted nothing. */
    private static void replay(long dir, byte[] name) {
        // no lambda: its bootstrap would cost milliseconds at the first directory listed
        DirectoryBuffer buffer = DIRS.get(dir);
        if (buffer == null) DIRS.put(dir, buffer = new DirectoryBuffer());
        if (name == null) { // the end: glibc's last getdents64 returned 0
            buffer.end();
            Counters.count(GETDENTS64);
        } else if (buffer.entry(name.length)) {
            Counters.count(GETDENTS64);
        }
    }

    public static void closedir(long dir) throws Throwable {
        DIRS.remove(dir);
        long t = Counters.begin(CLOSE);
        try { UND.closedir(dir); } catch (Throwable e) { try { Outcome.thrown(CLOSE, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(CLOSE, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[CLOSE * STRIDE]++; }
        }
    }
}
