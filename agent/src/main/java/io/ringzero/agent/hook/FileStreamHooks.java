package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.BYTES;
import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.REQUESTED;
import static io.ringzero.agent.count.Counters.STRIDE;
import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;

/**
 * java.io.FileInputStream, FileOutputStream and RandomAccessFile natives (io_util_md.c).
 *
 * <p>At the edge of the stack: once the native has returned, what the hook does to count it is inside a
 * {@code try} whose {@code catch (StackOverflowError)} counts the call in {@link Counters#EDGE} with no method
 * call (in a frame already entered, only a call can overflow) and returns as the native did. The counting
 * methods are all or nothing ({@link Counters#end(int, long, long, long, Object)}), so the call is counted once.
 * An overflow before or inside the native call is the application's, as without the agent.
 */
public final class FileStreamHooks {
    /** java.io.FileInputStream's natives, called through {@link Bridge}. */
    public interface Fis {
        FileDescriptor fd(FileInputStream s);
        void open0(FileInputStream s, String name);
        int read0(FileInputStream s);
        int readBytes(FileInputStream s, byte[] b, int off, int len);
        long skip0(FileInputStream s, long n);
        long length0(FileInputStream s);
        long position0(FileInputStream s);
        int available0(FileInputStream s);
    }

    /** java.io.FileOutputStream's natives. */
    public interface Fos {
        FileDescriptor fd(FileOutputStream s);
        void open0(FileOutputStream s, String name, boolean append);
        void write(FileOutputStream s, int b, boolean append);
        void writeBytes(FileOutputStream s, byte[] b, int off, int len, boolean append);
    }

    /** java.io.RandomAccessFile's natives (readBytes0/writeBytes0 from JDK 21, wrapped in Java methods). */
    public interface Raf {
        FileDescriptor fd(RandomAccessFile s);
        void open0(RandomAccessFile s, String name, int mode);
        int read0(RandomAccessFile s);
        int readBytes(RandomAccessFile s, byte[] b, int off, int len);
        int readBytes0(RandomAccessFile s, byte[] b, int off, int len);
        void write0(RandomAccessFile s, int b);
        void writeBytes(RandomAccessFile s, byte[] b, int off, int len);
        void writeBytes0(RandomAccessFile s, byte[] b, int off, int len);
        void seek0(RandomAccessFile s, long pos);
        long length0(RandomAccessFile s);
        void setLength0(RandomAccessFile s, long length);
        void setLength(RandomAccessFile s, long length);
    }

    /** java.io.FileDescriptor's close0 and its private fd field. */
    public interface Fd {
        void close0(FileDescriptor fd);
        int fd(FileDescriptor fd);
    }

    private static final Fis FIS = Bridge.to(Fis.class);
    private static final Fos FOS = Bridge.to(Fos.class);
    private static final Raf RAF = Bridge.to(Raf.class);
    private static final Fd FD = Bridge.to(Fd.class);

    private FileStreamHooks() { }

    /** The descriptor's number (-1 once closed), for the other hooks. */
    static int fd(FileDescriptor fd) { return FD.fd(fd); }

    /**
     * FileDescriptor.close0 (streams, RandomAccessFile, FileChannel): nothing for an fd already closed (-1);
     * for stdin/out/err, open /dev/null, dup2 it over the fd and close it; else close.
     */
    public static void close0(FileDescriptor fd) throws Throwable {
        int value = FD.fd(fd);
        long t = Counters.begin(CLOSE);
        try { FD.close0(fd); } catch (Throwable e) { try { Outcome.thrown(CLOSE, e, t); } catch (StackOverflowError edge) { } throw e; }
        if (value < 0) return;
        int counted = 0; // how many of close, openat and dup2 are counted
        try {
            // not on the descriptor: FileDescriptor.closeAll holds its monitor, and its identity hash would inflate that
            Outcome.ok(CLOSE, t);
            counted = 1;
            if (value <= 2) {
                Counters.count(OPENAT);
                counted = 2;
                Counters.count(DUP2);
            }
            counted = 3;
            Pipes.closed(value);
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                if (counted < 1) EDGE[CLOSE * STRIDE]++;
                if (counted < 2 && value <= 2) EDGE[OPENAT * STRIDE]++;
                if (counted < 3 && value <= 2) EDGE[DUP2 * STRIDE]++;
            }
        }
    }

    // open0: open64 then fstat64; a directory is closed again and reported as FileNotFoundException.
    private static void opened(long t0, FileDescriptor fd) {
        Counters.end(OPENAT, t0, fd, jdkFstat);
    }

    private static Throwable openFailed(Throwable e, long t0, FileDescriptor fd) {
        if (e instanceof FileNotFoundException && String.valueOf(e.getMessage()).endsWith("(Is a directory)")) {
            opened(t0, fd);
            Counters.count(CLOSE);
            return e;
        }
        return Outcome.thrown(OPENAT, e, t0);
    }

    public static void open0(FileInputStream s, String name) throws Throwable {
        long t = Counters.begin(OPENAT);
        try { FIS.open0(s, name); } catch (Throwable e) { try { openFailed(e, t, FIS.fd(s)); } catch (StackOverflowError edge) { } throw e; }
        try {
            opened(t, FIS.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[OPENAT * STRIDE]++; EDGE[jdkFstat * STRIDE]++; }
        }
    }

    public static void open0(FileOutputStream s, String name, boolean append) throws Throwable {
        long t = Counters.begin(OPENAT);
        try { FOS.open0(s, name, append); } catch (Throwable e) { try { openFailed(e, t, FOS.fd(s)); } catch (StackOverflowError edge) { } throw e; }
        try {
            opened(t, FOS.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[OPENAT * STRIDE]++; EDGE[jdkFstat * STRIDE]++; }
        }
    }

    public static void open0(RandomAccessFile s, String name, int mode) throws Throwable {
        long t = Counters.begin(OPENAT);
        try { RAF.open0(s, name, mode); } catch (Throwable e) { try { openFailed(e, t, RAF.fd(s)); } catch (StackOverflowError edge) { } throw e; }
        try {
            opened(t, RAF.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[OPENAT * STRIDE]++; EDGE[jdkFstat * STRIDE]++; }
        }
    }

    public static int read0(FileInputStream s) throws Throwable {
        long t = Counters.begin(READ);
        int r;
        try { r = FIS.read0(s); } catch (Throwable e) { try { Outcome.thrown(READ, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Counters.end(READ, 1, r < 0 ? 0 : 1, t, FIS.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { int i = READ * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += 1; EDGE[i + BYTES] += r < 0 ? 0 : 1; }
        }
        return r;
    }

    public static int read0(RandomAccessFile s) throws Throwable {
        long t = Counters.begin(READ);
        int r;
        try { r = RAF.read0(s); } catch (Throwable e) { try { Outcome.thrown(READ, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Counters.end(READ, 1, r < 0 ? 0 : 1, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { int i = READ * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += 1; EDGE[i + BYTES] += r < 0 ? 0 : 1; }
        }
        return r;
    }

    // readBytes/writeBytes return early, with no syscall, when len is 0.
    public static int readBytes(FileInputStream s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(READ);
        int n;
        try {
            n = FIS.readBytes(s, b, off, len);
        } catch (Throwable e) {
            try { Outcome.thrown(READ, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (len > 0) Outcome.io(READ, len, n, t, FIS.fd(s));
        } catch (StackOverflowError e) {
            if (len > 0) synchronized (EDGE) { int i = READ * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += len; EDGE[i + BYTES] += n < 0 ? 0 : n; }
        }
        return n;
    }

    public static int readBytes(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(READ);
        int n;
        try {
            n = RAF.readBytes(s, b, off, len);
        } catch (Throwable e) {
            try { Outcome.thrown(READ, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (len > 0) Outcome.io(READ, len, n, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            if (len > 0) synchronized (EDGE) { int i = READ * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += len; EDGE[i + BYTES] += n < 0 ? 0 : n; }
        }
        return n;
    }

    public static int readBytes0(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(READ);
        int n;
        try {
            n = RAF.readBytes0(s, b, off, len);
        } catch (Throwable e) {
            try { Outcome.thrown(READ, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (len > 0) Outcome.io(READ, len, n, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            if (len > 0) synchronized (EDGE) { int i = READ * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += len; EDGE[i + BYTES] += n < 0 ? 0 : n; }
        }
        return n;
    }

    public static void write(FileOutputStream s, int b, boolean append) throws Throwable {
        long t = Counters.begin(WRITE);
        try { FOS.write(s, b, append); } catch (Throwable e) { try { Outcome.thrown(WRITE, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Counters.end(WRITE, 1, 1, t, FOS.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { int i = WRITE * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += 1; EDGE[i + BYTES] += 1; }
        }
    }

    public static void write0(RandomAccessFile s, int b) throws Throwable {
        long t = Counters.begin(WRITE);
        try { RAF.write0(s, b); } catch (Throwable e) { try { Outcome.thrown(WRITE, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Counters.end(WRITE, 1, 1, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { int i = WRITE * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += 1; EDGE[i + BYTES] += 1; }
        }
    }

    public static void writeBytes(FileOutputStream s, byte[] b, int off, int len, boolean append) throws Throwable {
        long t = Counters.begin(WRITE);
        try {
            FOS.writeBytes(s, b, off, len, append);
        } catch (Throwable e) {
            try { Outcome.thrown(WRITE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (len > 0) Counters.end(WRITE, len, len, t, FOS.fd(s));
        } catch (StackOverflowError e) {
            if (len > 0) synchronized (EDGE) { int i = WRITE * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += len; EDGE[i + BYTES] += len; }
        }
    }

    public static void writeBytes(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(WRITE);
        try {
            RAF.writeBytes(s, b, off, len);
        } catch (Throwable e) {
            try { Outcome.thrown(WRITE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (len > 0) Counters.end(WRITE, len, len, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            if (len > 0) synchronized (EDGE) { int i = WRITE * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += len; EDGE[i + BYTES] += len; }
        }
    }

    public static void writeBytes0(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(WRITE);
        try {
            RAF.writeBytes0(s, b, off, len);
        } catch (Throwable e) {
            try { Outcome.thrown(WRITE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            if (len > 0) Counters.end(WRITE, len, len, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            if (len > 0) synchronized (EDGE) { int i = WRITE * STRIDE; EDGE[i]++; EDGE[i + REQUESTED] += len; EDGE[i + BYTES] += len; }
        }
    }

    /** skip0: lseek(SEEK_CUR) for the position, then lseek by n. */
    public static long skip0(FileInputStream s, long n) throws Throwable {
        long t = Counters.begin(LSEEK);
        long r;
        try { r = FIS.skip0(s, n); } catch (Throwable e) { try { Outcome.thrown(LSEEK, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Counters.end(LSEEK, t, FIS.fd(s), LSEEK);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[LSEEK * STRIDE] += 2; }
        }
        return r;
    }

    public static long position0(FileInputStream s) throws Throwable {
        long t = Counters.begin(LSEEK);
        long r;
        try { r = FIS.position0(s); } catch (Throwable e) { try { Outcome.thrown(LSEEK, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(LSEEK, t, FIS.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[LSEEK * STRIDE]++; }
        }
        return r;
    }

    public static long length0(FileInputStream s) throws Throwable {
        long t = Counters.begin(jdkFstat);
        long r;
        try { r = FIS.length0(s); } catch (Throwable e) { try { Outcome.thrown(jdkFstat, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(jdkFstat, t, FIS.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[jdkFstat * STRIDE]++; }
        }
        return r;
    }

    public static void seek0(RandomAccessFile s, long pos) throws Throwable {
        long t = Counters.begin(LSEEK);
        try { RAF.seek0(s, pos); } catch (Throwable e) { try { Outcome.thrown(LSEEK, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(LSEEK, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[LSEEK * STRIDE]++; }
        }
    }

    public static long length0(RandomAccessFile s) throws Throwable {
        long t = Counters.begin(jdkFstat);
        long r;
        try { r = RAF.length0(s); } catch (Throwable e) { try { Outcome.thrown(jdkFstat, e, t); } catch (StackOverflowError edge) { } throw e; }
        try {
            Outcome.ok(jdkFstat, t, RAF.fd(s));
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[jdkFstat * STRIDE]++; }
        }
        return r;
    }

    /** JDK 21+: lseek (the position), ftruncate, lseek (back to it, or to the new end). */
    public static void setLength0(RandomAccessFile s, long length) throws Throwable {
        long t = Counters.begin(FTRUNCATE);
        try {
            RAF.setLength0(s, length);
        } catch (Throwable e) {
            try { Outcome.thrown(FTRUNCATE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            setLengthDone(RAF.fd(s), t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[FTRUNCATE * STRIDE]++; EDGE[LSEEK * STRIDE] += 2; }
        }
    }

    /** JDK 17: the same, as the public native the application calls (the agent rewrites the application's calls). */
    public static void setLength(RandomAccessFile s, long length) throws Throwable {
        long t = Counters.begin(FTRUNCATE);
        try {
            RAF.setLength(s, length);
        } catch (Throwable e) {
            try { Outcome.thrown(FTRUNCATE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            setLengthDone(RAF.fd(s), t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[FTRUNCATE * STRIDE]++; EDGE[LSEEK * STRIDE] += 2; }
        }
    }

    /** All or nothing, as the counting methods: an overflow that leaves it has counted nothing. */
    private static void setLengthDone(FileDescriptor fd, long t) {
        Counters.end(FTRUNCATE, t, fd, LSEEK);
        try {
            Counters.count(LSEEK);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[LSEEK * STRIDE]++; }
        }
    }

    /** fstat, then ioctl(FIONREAD) or one to three lseeks, depending on the file ({@link Available}). */
    public static int available0(FileInputStream s) throws Throwable {
        FileDescriptor fdo = s.getFD();
        int fd = FD.fd(fdo), r;
        try {
            r = FIS.available0(s);
        } catch (Throwable e) {
            try {
                if (Outcome.fromSyscall(e)) Available.counted(fdo, fd, 0, e);
            } catch (StackOverflowError edge) {
                // as after a call that returned: the native's exception is what the application gets
            }
            throw e;
        }
        try {
            Available.counted(fdo, fd, r, null);
        } catch (StackOverflowError e) {
            // the one inexact case: how many syscalls available() made depends on what the probe finds out
        }
        return r;
    }
}
