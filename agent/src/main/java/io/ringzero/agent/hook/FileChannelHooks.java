package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;
import static java.lang.invoke.MethodType.methodType;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * FileChannel natives: sun.nio.ch.FileDispatcherImpl (JDK 17), moved to UnixFileDispatcherImpl (JDK 20+),
 * and the transfer and map natives. Each hook resolves its handle on whichever class this JDK has.
 */
public final class FileChannelHooks {
    private static final String[] OWNERS = {"sun.nio.ch.UnixFileDispatcherImpl", "sun.nio.ch.FileDispatcherImpl"};
    private static final MethodHandle READ0 = dispatcher("read0", methodType(int.class, FileDescriptor.class, long.class, int.class));
    private static final MethodHandle PREAD0 = dispatcher("pread0", methodType(int.class, FileDescriptor.class, long.class, int.class, long.class));
    private static final MethodHandle READV0 = dispatcher("readv0", methodType(long.class, FileDescriptor.class, long.class, int.class));
    private static final MethodHandle WRITE0 = dispatcher("write0", methodType(int.class, FileDescriptor.class, long.class, int.class));
    private static final MethodHandle PWRITE0 = dispatcher("pwrite0", methodType(int.class, FileDescriptor.class, long.class, int.class, long.class));
    private static final MethodHandle WRITEV0 = dispatcher("writev0", methodType(long.class, FileDescriptor.class, long.class, int.class));
    private static final MethodHandle FORCE0 = dispatcher("force0", methodType(int.class, FileDescriptor.class, boolean.class));
    private static final MethodHandle TRUNCATE0 = dispatcher("truncate0", methodType(int.class, FileDescriptor.class, long.class));
    private static final MethodHandle SIZE0 = dispatcher("size0", methodType(long.class, FileDescriptor.class));
    private static final MethodHandle SEEK0 = dispatcher("seek0", methodType(long.class, FileDescriptor.class, long.class));
    private static final MethodHandle LOCK0 = dispatcher("lock0", methodType(int.class, FileDescriptor.class, boolean.class, long.class, long.class, boolean.class));
    private static final MethodHandle RELEASE0 = dispatcher("release0", methodType(void.class, FileDescriptor.class, long.class, long.class));
    private static final MethodHandle TRANSFER_TO0_17 = Natives.of("sun.nio.ch.FileChannelImpl", "transferTo0",
            methodType(long.class, Object.class, FileDescriptor.class, long.class, long.class, FileDescriptor.class));
    private static final MethodHandle TRANSFER_TO0 = Natives.of("sun.nio.ch.FileDispatcherImpl", "transferTo0",
            methodType(long.class, FileDescriptor.class, long.class, long.class, FileDescriptor.class, boolean.class));

    private static final MethodHandle MAP0_17 = Natives.of("sun.nio.ch.FileChannelImpl", "map0",
            methodType(long.class, Object.class, int.class, long.class, long.class, boolean.class));
    private static final MethodHandle MAP0 = Natives.of("sun.nio.ch.UnixFileDispatcherImpl", "map0",
            methodType(long.class, FileDescriptor.class, int.class, long.class, long.class, boolean.class));
    private static final MethodHandle UNMAP0 = dispatcherOr("sun.nio.ch.FileChannelImpl", "unmap0", methodType(int.class, long.class, long.class));
    private static final MethodHandle TRANSFER_FROM0 = Natives.of("sun.nio.ch.FileDispatcherImpl", "transferFrom0",
            methodType(long.class, FileDescriptor.class, FileDescriptor.class, long.class, long.class, boolean.class));

    private FileChannelHooks() { }

    /** unmap0 lives in UnixFileDispatcherImpl from JDK 20, in FileChannelImpl before. */
    private static MethodHandle dispatcherOr(String older, String name, java.lang.invoke.MethodType type) {
        try {
            Class.forName(OWNERS[0], false, null);
            return Natives.of(OWNERS[0], name, type);
        } catch (ClassNotFoundException e) {
            return Natives.of(older, name, type);
        }
    }

    private static MethodHandle dispatcher(String name, java.lang.invoke.MethodType type) {
        MethodHandle mh = Natives.of(OWNERS[0], name, type);
        try {
            Class.forName(OWNERS[0], false, null);
            return mh;
        } catch (ClassNotFoundException e) {
            return Natives.of(OWNERS[1], name, type);
        }
    }

    public static int read0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(READ0, READ, fd, address, len); }
    public static int write0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(WRITE0, WRITE, fd, address, len); }
    public static long readv0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(READV0, READV, fd, address, n); }
    public static long writev0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(WRITEV0, WRITEV, fd, address, n); }

    public static int pread0(FileDescriptor fd, long address, int len, long position) throws Throwable {
        return Transfers.rwAt(PREAD0, PREAD64, fd, address, len, position);
    }

    public static int pwrite0(FileDescriptor fd, long address, int len, long position) throws Throwable {
        return Transfers.rwAt(PWRITE0, PWRITE64, fd, address, len, position);
    }

    /** force(false) is fdatasync, force(true) fsync. */
    public static int force0(FileDescriptor fd, boolean metaData) throws Throwable {
        int k = metaData ? FSYNC : FDATASYNC;
        long t = Counters.begin(k);
        int r;
        try { r = (int) FORCE0.invokeExact(fd, metaData); } catch (Throwable e) { throw Outcome.thrown(k, e, t); }
        Outcome.io(k, 0, r, t);
        return r;
    }

    /** truncate0 is ftruncate; FileChannel.truncate's own position and size checks go through seek0/size0. */
    public static int truncate0(FileDescriptor fd, long size) throws Throwable {
        long t = Counters.begin(FTRUNCATE);
        int r;
        try { r = (int) TRUNCATE0.invokeExact(fd, size); } catch (Throwable e) { throw Outcome.thrown(FTRUNCATE, e, t); }
        Outcome.io(FTRUNCATE, 0, r, t);
        return r;
    }

    public static long size0(FileDescriptor fd) throws Throwable {
        long t = Counters.begin(jdkFstat);
        long r;
        try { r = (long) SIZE0.invokeExact(fd); } catch (Throwable e) { throw Outcome.thrown(jdkFstat, e, t); }
        Outcome.io(jdkFstat, 0, r < 0 ? r : 0, t);
        return r;
    }

    public static long seek0(FileDescriptor fd, long offset) throws Throwable {
        long t = Counters.begin(LSEEK);
        long r;
        try { r = (long) SEEK0.invokeExact(fd, offset); } catch (Throwable e) { throw Outcome.thrown(LSEEK, e, t); }
        Outcome.io(LSEEK, 0, r < 0 ? r : 0, t);
        return r;
    }

    /** lock0 is fcntl(F_SETLK/F_SETLKW); release0 is fcntl(F_SETLK, F_UNLCK). */
    public static int lock0(FileDescriptor fd, boolean blocking, long pos, long size, boolean shared) throws Throwable {
        long t = Counters.begin(FCNTL);
        int r;
        try { r = (int) LOCK0.invokeExact(fd, blocking, pos, size, shared); } catch (Throwable e) { throw Outcome.thrown(FCNTL, e, t); }
        Outcome.ok(FCNTL, t);
        return r;
    }

    public static void release0(FileDescriptor fd, long pos, long size) throws Throwable {
        long t = Counters.begin(FCNTL);
        try { RELEASE0.invokeExact(fd, pos, size); } catch (Throwable e) { throw Outcome.thrown(FCNTL, e, t); }
        Outcome.ok(FCNTL, t);
    }

    /** FileChannel.map: one mmap (JDK 17: an instance native of FileChannelImpl). */
    public static long channelMap0(Object channel, int prot, long position, long length, boolean isSync) throws Throwable {
        long t = Counters.begin(MMAP);
        long address;
        try { address = (long) MAP0_17.invokeExact(channel, prot, position, length, isSync); } catch (Throwable e) { throw Outcome.thrown(MMAP, e, t); }
        Counters.end(MMAP, length, length, t);
        return address;
    }

    /** JDK 20+: a static native of UnixFileDispatcherImpl. */
    public static long map0(FileDescriptor fd, int prot, long position, long length, boolean isSync) throws Throwable {
        long t = Counters.begin(MMAP);
        long address;
        try { address = (long) MAP0.invokeExact(fd, prot, position, length, isSync); } catch (Throwable e) { throw Outcome.thrown(MMAP, e, t); }
        Counters.end(MMAP, length, length, t);
        return address;
    }

    /** munmap, from the mapping's cleaner or a failed map. */
    public static int unmap0(long address, long length) throws Throwable {
        long t = Counters.begin(MUNMAP);
        int r;
        try { r = (int) UNMAP0.invokeExact(address, length); } catch (Throwable e) { throw Outcome.thrown(MUNMAP, e, t); }
        Counters.end(MUNMAP, length, length, t);
        return r;
    }

    /** JDK 21+: copy_file_range from a file into a file (JDK 17 maps the source and writes instead). */
    public static long transferFrom0(FileDescriptor src, FileDescriptor dst, long position, long count, boolean append) throws Throwable {
        long t = Counters.begin(COPY_FILE_RANGE);
        long n;
        try { n = (long) TRANSFER_FROM0.invokeExact(src, dst, position, count, append); } catch (Throwable e) { throw Outcome.thrown(COPY_FILE_RANGE, e, t); }
        Outcome.transfer(COPY_FILE_RANGE, count, n, t);
        return n;
    }

    /** JDK 17: sendfile. */
    public static long transferTo0(Object channel, FileDescriptor src, long position, long count, FileDescriptor dst) throws Throwable {
        long t = Counters.begin(SENDFILE);
        long n;
        try { n = (long) TRANSFER_TO0_17.invokeExact(channel, src, position, count, dst); } catch (Throwable e) { throw Outcome.thrown(SENDFILE, e, t); }
        Outcome.transfer(SENDFILE, count, n, t);
        return n;
    }

    /** JDK 21+: copy_file_range between files (the case FileChannel takes for a file target). */
    public static long transferTo0(FileDescriptor src, long position, long count, FileDescriptor dst, boolean append) throws Throwable {
        long t = Counters.begin(COPY_FILE_RANGE);
        long n;
        try { n = (long) TRANSFER_TO0.invokeExact(src, position, count, dst, append); } catch (Throwable e) { throw Outcome.thrown(COPY_FILE_RANGE, e, t); }
        Outcome.transfer(COPY_FILE_RANGE, count, n, t);
        return n;
    }
}
