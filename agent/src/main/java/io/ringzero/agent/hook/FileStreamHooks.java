package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;
import static java.lang.invoke.MethodType.methodType;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/** java.io.FileInputStream, FileOutputStream and RandomAccessFile natives (io_util_md.c). */
public final class FileStreamHooks {
    private static final String FIS = "java.io.FileInputStream", FOS = "java.io.FileOutputStream", RAF = "java.io.RandomAccessFile";

    private static final MethodHandle FIS_OPEN0 = Natives.of(FIS, "open0", methodType(void.class, FileInputStream.class, String.class));
    private static final MethodHandle FIS_READ0 = Natives.of(FIS, "read0", methodType(int.class, FileInputStream.class));
    private static final MethodHandle FIS_READ_BYTES = Natives.of(FIS, "readBytes", methodType(int.class, FileInputStream.class, byte[].class, int.class, int.class));
    private static final MethodHandle FIS_SKIP0 = Natives.of(FIS, "skip0", methodType(long.class, FileInputStream.class, long.class));
    private static final MethodHandle FIS_LENGTH0 = Natives.of(FIS, "length0", methodType(long.class, FileInputStream.class));
    private static final MethodHandle FIS_POSITION0 = Natives.of(FIS, "position0", methodType(long.class, FileInputStream.class));
    private static final MethodHandle FOS_OPEN0 = Natives.of(FOS, "open0", methodType(void.class, FileOutputStream.class, String.class, boolean.class));
    private static final MethodHandle FOS_WRITE = Natives.of(FOS, "write", methodType(void.class, FileOutputStream.class, int.class, boolean.class));
    private static final MethodHandle FOS_WRITE_BYTES = Natives.of(FOS, "writeBytes", methodType(void.class, FileOutputStream.class, byte[].class, int.class, int.class, boolean.class));
    private static final MethodHandle RAF_OPEN0 = Natives.of(RAF, "open0", methodType(void.class, RandomAccessFile.class, String.class, int.class));
    private static final MethodHandle RAF_READ0 = Natives.of(RAF, "read0", methodType(int.class, RandomAccessFile.class));
    private static final MethodHandle RAF_READ_BYTES = Natives.of(RAF, "readBytes", methodType(int.class, RandomAccessFile.class, byte[].class, int.class, int.class));
    private static final MethodHandle RAF_READ_BYTES0 = Natives.of(RAF, "readBytes0", methodType(int.class, RandomAccessFile.class, byte[].class, int.class, int.class));
    private static final MethodHandle RAF_WRITE0 = Natives.of(RAF, "write0", methodType(void.class, RandomAccessFile.class, int.class));
    private static final MethodHandle RAF_WRITE_BYTES = Natives.of(RAF, "writeBytes", methodType(void.class, RandomAccessFile.class, byte[].class, int.class, int.class));
    private static final MethodHandle RAF_WRITE_BYTES0 = Natives.of(RAF, "writeBytes0", methodType(void.class, RandomAccessFile.class, byte[].class, int.class, int.class));
    private static final MethodHandle RAF_SEEK0 = Natives.of(RAF, "seek0", methodType(void.class, RandomAccessFile.class, long.class));
    private static final MethodHandle RAF_LENGTH0 = Natives.of(RAF, "length0", methodType(long.class, RandomAccessFile.class));
    private static final MethodHandle RAF_SET_LENGTH0 = Natives.of(RAF, "setLength0", methodType(void.class, RandomAccessFile.class, long.class));
    private static final MethodHandle FIS_AVAILABLE0 = Natives.of(FIS, "available0", methodType(int.class, FileInputStream.class));

    private static final MethodHandle FD_CLOSE0 = Natives.of("java.io.FileDescriptor", "close0", methodType(void.class, FileDescriptor.class));
    private static final MethodHandle FD_VALUE = fdGetter();

    private FileStreamHooks() { }

    private static MethodHandle fdGetter() {
        try {
            return MethodHandles.privateLookupIn(FileDescriptor.class, MethodHandles.lookup())
                    .findGetter(FileDescriptor.class, "fd", int.class);
        } catch (ReflectiveOperationException e) {
            return MethodHandles.dropArguments(MethodHandles.constant(int.class, 3), 0, FileDescriptor.class);
        }
    }

    /**
     * FileDescriptor.close0 (streams, RandomAccessFile, FileChannel): nothing for an fd already closed (-1);
     * for stdin/out/err, open /dev/null, dup2 it over the fd and close it; else close.
     */
    public static void close0(FileDescriptor fd) throws Throwable {
        int value = (int) FD_VALUE.invokeExact(fd);
        long t = Counters.begin(CLOSE);
        try { FD_CLOSE0.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(CLOSE, e, t); }
        if (value < 0) return;
        Pipes.closed(value);
        if (value <= 2) {
            Counters.count(OPENAT);
            Counters.count(DUP2);
        }
        Outcome.ok(CLOSE, t);
    }

    // open0: open64 then fstat64; a directory is closed again and reported as FileNotFoundException.
    private static void opened(long t0) {
        Outcome.ok(OPENAT, t0);
        Counters.count(jdkFstat);
    }

    private static Throwable openFailed(Throwable e, long t0) {
        if (e instanceof FileNotFoundException && String.valueOf(e.getMessage()).endsWith("(Is a directory)")) {
            opened(t0);
            Counters.count(CLOSE);
            return e;
        }
        return Outcome.thrown(OPENAT, e, t0);
    }

    public static void open0(FileInputStream s, String name) throws Throwable {
        long t = Counters.begin(OPENAT);
        try { FIS_OPEN0.invokeExact(s, name); } catch (Throwable e) { throw openFailed(e, t); }
        opened(t);
    }

    public static void open0(FileOutputStream s, String name, boolean append) throws Throwable {
        long t = Counters.begin(OPENAT);
        try { FOS_OPEN0.invokeExact(s, name, append); } catch (Throwable e) { throw openFailed(e, t); }
        opened(t);
    }

    public static void open0(RandomAccessFile s, String name, int mode) throws Throwable {
        long t = Counters.begin(OPENAT);
        try { RAF_OPEN0.invokeExact(s, name, mode); } catch (Throwable e) { throw openFailed(e, t); }
        opened(t);
    }

    public static int read0(FileInputStream s) throws Throwable {
        long t = Counters.begin(READ);
        int r;
        try { r = (int) FIS_READ0.invokeExact(s); } catch (Throwable e) { throw Outcome.thrown(READ, e, t); }
        Counters.end(READ, 1, r < 0 ? 0 : 1, t);
        return r;
    }

    public static int read0(RandomAccessFile s) throws Throwable {
        long t = Counters.begin(READ);
        int r;
        try { r = (int) RAF_READ0.invokeExact(s); } catch (Throwable e) { throw Outcome.thrown(READ, e, t); }
        Counters.end(READ, 1, r < 0 ? 0 : 1, t);
        return r;
    }

    // readBytes/writeBytes return early, with no syscall, when len is 0.
    public static int readBytes(FileInputStream s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(READ);
        int n;
        try { n = (int) FIS_READ_BYTES.invokeExact(s, b, off, len); } catch (Throwable e) { throw Outcome.thrown(READ, e, t); }
        if (len > 0) Outcome.io(READ, len, n, t);
        return n;
    }

    public static int readBytes(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(READ);
        int n;
        try { n = (int) RAF_READ_BYTES.invokeExact(s, b, off, len); } catch (Throwable e) { throw Outcome.thrown(READ, e, t); }
        if (len > 0) Outcome.io(READ, len, n, t);
        return n;
    }

    public static int readBytes0(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(READ);
        int n;
        try { n = (int) RAF_READ_BYTES0.invokeExact(s, b, off, len); } catch (Throwable e) { throw Outcome.thrown(READ, e, t); }
        if (len > 0) Outcome.io(READ, len, n, t);
        return n;
    }

    public static void write(FileOutputStream s, int b, boolean append) throws Throwable {
        long t = Counters.begin(WRITE);
        try { FOS_WRITE.invokeExact(s, b, append); } catch (Throwable e) { throw Outcome.thrown(WRITE, e, t); }
        Counters.end(WRITE, 1, 1, t);
    }

    public static void write0(RandomAccessFile s, int b) throws Throwable {
        long t = Counters.begin(WRITE);
        try { RAF_WRITE0.invokeExact(s, b); } catch (Throwable e) { throw Outcome.thrown(WRITE, e, t); }
        Counters.end(WRITE, 1, 1, t);
    }

    public static void writeBytes(FileOutputStream s, byte[] b, int off, int len, boolean append) throws Throwable {
        long t = Counters.begin(WRITE);
        try { FOS_WRITE_BYTES.invokeExact(s, b, off, len, append); } catch (Throwable e) { throw Outcome.thrown(WRITE, e, t); }
        if (len > 0) Counters.end(WRITE, len, len, t);
    }

    public static void writeBytes(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(WRITE);
        try { RAF_WRITE_BYTES.invokeExact(s, b, off, len); } catch (Throwable e) { throw Outcome.thrown(WRITE, e, t); }
        if (len > 0) Counters.end(WRITE, len, len, t);
    }

    public static void writeBytes0(RandomAccessFile s, byte[] b, int off, int len) throws Throwable {
        long t = Counters.begin(WRITE);
        try { RAF_WRITE_BYTES0.invokeExact(s, b, off, len); } catch (Throwable e) { throw Outcome.thrown(WRITE, e, t); }
        if (len > 0) Counters.end(WRITE, len, len, t);
    }

    /** skip0: lseek(SEEK_CUR) for the position, then lseek by n. */
    public static long skip0(FileInputStream s, long n) throws Throwable {
        long t = Counters.begin(LSEEK);
        long r;
        try { r = (long) FIS_SKIP0.invokeExact(s, n); } catch (Throwable e) { throw Outcome.thrown(LSEEK, e, t); }
        Outcome.ok(LSEEK, t);
        Counters.count(LSEEK);
        return r;
    }

    public static long position0(FileInputStream s) throws Throwable {
        long t = Counters.begin(LSEEK);
        long r;
        try { r = (long) FIS_POSITION0.invokeExact(s); } catch (Throwable e) { throw Outcome.thrown(LSEEK, e, t); }
        Outcome.ok(LSEEK, t);
        return r;
    }

    public static long length0(FileInputStream s) throws Throwable {
        long t = Counters.begin(jdkFstat);
        long r;
        try { r = (long) FIS_LENGTH0.invokeExact(s); } catch (Throwable e) { throw Outcome.thrown(jdkFstat, e, t); }
        Outcome.ok(jdkFstat, t);
        return r;
    }

    public static void seek0(RandomAccessFile s, long pos) throws Throwable {
        long t = Counters.begin(LSEEK);
        try { RAF_SEEK0.invokeExact(s, pos); } catch (Throwable e) { throw Outcome.thrown(LSEEK, e, t); }
        Outcome.ok(LSEEK, t);
    }

    public static long length0(RandomAccessFile s) throws Throwable {
        long t = Counters.begin(jdkFstat);
        long r;
        try { r = (long) RAF_LENGTH0.invokeExact(s); } catch (Throwable e) { throw Outcome.thrown(jdkFstat, e, t); }
        Outcome.ok(jdkFstat, t);
        return r;
    }

    /** JDK 21+ (JDK 17's setLength is a public native called from application code): lseek, ftruncate, lseek. */
    public static void setLength0(RandomAccessFile s, long length) throws Throwable {
        long t = Counters.begin(FTRUNCATE);
        try { RAF_SET_LENGTH0.invokeExact(s, length); } catch (Throwable e) { throw Outcome.thrown(FTRUNCATE, e, t); }
        Counters.count(LSEEK);
        Outcome.ok(FTRUNCATE, t);
        Counters.count(LSEEK);
    }

    /**
     * fstat, then ioctl(FIONREAD) on a pipe, socket or character device, lseek on anything else (three when
     * the size is below the position). Counted only where the type is known without a syscall: the pipes of
     * a spawned process; other files are left uncounted rather than guessed (docs/agent.md).
     */
    public static int available0(FileInputStream s) throws Throwable {
        int r = (int) FIS_AVAILABLE0.invokeExact(s);
        if (Pipes.contains((int) FD_VALUE.invokeExact(s.getFD()))) {
            Counters.count(jdkFstat);
            Counters.count(IOCTL);
        }
        return r;
    }
}
