package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.BYTES;
import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.REQUESTED;
import static io.ringzero.agent.count.Counters.STRIDE;
import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;

/**
 * FileChannel natives: sun.nio.ch.FileDispatcherImpl (JDK 17), moved to UnixFileDispatcherImpl (JDK 20+),
 * and the transfer and map natives, each called through the bridge of whichever class this JDK has.
 */
public final class FileChannelHooks {
    /** The dispatcher's natives: sun.nio.ch.FileDispatcherImpl in JDK 17, UnixFileDispatcherImpl from JDK 20. */
    public interface Dispatcher extends Transfers.Io {
        int force0(FileDescriptor fd, boolean metaData);
        int truncate0(FileDescriptor fd, long size);
        long size0(FileDescriptor fd);
        long seek0(FileDescriptor fd, long offset);
        int lock0(FileDescriptor fd, boolean blocking, long pos, long size, boolean shared);
        void release0(FileDescriptor fd, long pos, long size);
        long map0(FileDescriptor fd, int prot, long position, long length, boolean isSync);
    }

    /** JDK 21+'s FileDispatcherImpl: copy_file_range. */
    public interface Transfers25 {
        long transferTo0(FileDescriptor src, long position, long count, FileDescriptor dst, boolean append);
        long transferFrom0(FileDescriptor src, FileDescriptor dst, long position, long count, boolean append);
    }

    /** JDK 17's FileChannelImpl: instance natives (the receiver's class is not exported: Object). */
    public interface Channel17 {
        long transferTo0(Object channel, FileDescriptor src, long position, long count, FileDescriptor dst);
        long map0(Object channel, int prot, long position, long length, boolean isSync);
    }

    /** unmap0: UnixFileDispatcherImpl from JDK 20, FileChannelImpl before. */
    public interface Unmap {
        int unmap0(long address, long length);
    }

    private static final Dispatcher DISPATCHER = Bridge.to(Dispatcher.class);
    private static final Transfers25 TRANSFERS = Bridge.to(Transfers25.class);
    private static final Channel17 CHANNEL_17 = Bridge.to(Channel17.class);
    private static final Unmap UNMAP = Bridge.to(Unmap.class);

    private FileChannelHooks() { }

    public static int read0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(DISPATCHER, READ, fd, address, len); }
    public static int write0(FileDescriptor fd, long address, int len) throws Throwable { return Transfers.rw(DISPATCHER, WRITE, fd, address, len); }
    public static long readv0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(DISPATCHER, READV, fd, address, n); }
    public static long writev0(FileDescriptor fd, long address, int n) throws Throwable { return Transfers.rwv(DISPATCHER, WRITEV, fd, address, n); }

    public static int pread0(FileDescriptor fd, long address, int len, long position) throws Throwable {
        return Transfers.rwAt(DISPATCHER, PREAD64, fd, address, len, position);
    }

    public static int pwrite0(FileDescriptor fd, long address, int len, long position) throws Throwable {
        return Transfers.rwAt(DISPATCHER, PWRITE64, fd, address, len, position);
    }

    /** force(false) is fdatasync, force(true) fsync. */
    public static int force0(FileDescriptor fd, boolean metaData) throws Throwable {
        int k = metaData ? FSYNC : FDATASYNC;
        long t = Counters.begin(k);
        int r;
        try {
            r = DISPATCHER.force0(fd, metaData);
        } catch (Throwable e) {
            try { Outcome.thrown(k, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(k, 0, r, t, fd);
        } catch (StackOverflowError e) {
            long m = r;
            synchronized (EDGE) {
                int at = k * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += 0; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return r;
    }

    /** truncate0 is ftruncate; FileChannel.truncate's own position and size checks go through seek0/size0. */
    public static int truncate0(FileDescriptor fd, long size) throws Throwable {
        long t = Counters.begin(FTRUNCATE);
        int r;
        try {
            r = DISPATCHER.truncate0(fd, size);
        } catch (Throwable e) {
            try { Outcome.thrown(FTRUNCATE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(FTRUNCATE, 0, r, t, fd);
        } catch (StackOverflowError e) {
            long m = r;
            synchronized (EDGE) {
                int at = FTRUNCATE * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += 0; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return r;
    }

    public static long size0(FileDescriptor fd) throws Throwable {
        long t = Counters.begin(jdkFstat);
        long r;
        try {
            r = DISPATCHER.size0(fd);
        } catch (Throwable e) {
            try { Outcome.thrown(jdkFstat, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(jdkFstat, 0, r < 0 ? r : 0, t, fd);
        } catch (StackOverflowError e) {
            long m = r < 0 ? r : 0;
            synchronized (EDGE) {
                int at = jdkFstat * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += 0; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return r;
    }

    public static long seek0(FileDescriptor fd, long offset) throws Throwable {
        long t = Counters.begin(LSEEK);
        long r;
        try {
            r = DISPATCHER.seek0(fd, offset);
        } catch (Throwable e) {
            try { Outcome.thrown(LSEEK, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.io(LSEEK, 0, r < 0 ? r : 0, t, fd);
        } catch (StackOverflowError e) {
            long m = r < 0 ? r : 0;
            synchronized (EDGE) {
                int at = LSEEK * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += 0; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return r;
    }

    /** lock0 is fcntl(F_SETLK/F_SETLKW); release0 is fcntl(F_SETLK, F_UNLCK). */
    public static int lock0(FileDescriptor fd, boolean blocking, long pos, long size, boolean shared) throws Throwable {
        long t = Counters.begin(FCNTL);
        int r;
        try {
            r = DISPATCHER.lock0(fd, blocking, pos, size, shared);
        } catch (Throwable e) {
            try { Outcome.thrown(FCNTL, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(FCNTL, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[FCNTL * STRIDE]++; }
        }
        return r;
    }

    public static void release0(FileDescriptor fd, long pos, long size) throws Throwable {
        long t = Counters.begin(FCNTL);
        try {
            DISPATCHER.release0(fd, pos, size);
        } catch (Throwable e) {
            try { Outcome.thrown(FCNTL, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.ok(FCNTL, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[FCNTL * STRIDE]++; }
        }
    }

    /** FileChannel.map: one mmap (JDK 17: an instance native of FileChannelImpl). */
    public static long channelMap0(Object channel, int prot, long position, long length, boolean isSync) throws Throwable {
        long t = Counters.begin(MMAP);
        long address;
        try {
            address = CHANNEL_17.map0(channel, prot, position, length, isSync);
        } catch (Throwable e) {
            try { Outcome.thrown(MMAP, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Counters.end(MMAP, length, length, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { int at = MMAP * STRIDE; EDGE[at]++; EDGE[at + REQUESTED] += length; EDGE[at + BYTES] += length; }
        }
        return address;
    }

    /** JDK 20+: a static native of UnixFileDispatcherImpl. */
    public static long map0(FileDescriptor fd, int prot, long position, long length, boolean isSync) throws Throwable {
        long t = Counters.begin(MMAP);
        long address;
        try {
            address = DISPATCHER.map0(fd, prot, position, length, isSync);
        } catch (Throwable e) {
            try { Outcome.thrown(MMAP, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Counters.end(MMAP, length, length, t, fd);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { int at = MMAP * STRIDE; EDGE[at]++; EDGE[at + REQUESTED] += length; EDGE[at + BYTES] += length; }
        }
        return address;
    }

    /** munmap, from the mapping's cleaner or a failed map. */
    public static int unmap0(long address, long length) throws Throwable {
        long t = Counters.begin(MUNMAP);
        int r;
        try {
            r = UNMAP.unmap0(address, length);
        } catch (Throwable e) {
            try { Outcome.thrown(MUNMAP, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Counters.end(MUNMAP, length, length, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { int at = MUNMAP * STRIDE; EDGE[at]++; EDGE[at + REQUESTED] += length; EDGE[at + BYTES] += length; }
        }
        return r;
    }

    /** JDK 21+: copy_file_range from a file into a file (JDK 17 maps the source and writes instead). */
    public static long transferFrom0(FileDescriptor src, FileDescriptor dst, long position, long count, boolean append) throws Throwable {
        long t = Counters.begin(COPY_FILE_RANGE);
        long n;
        try {
            n = TRANSFERS.transferFrom0(src, dst, position, count, append);
        } catch (Throwable e) {
            try { Outcome.thrown(COPY_FILE_RANGE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.transfer(COPY_FILE_RANGE, count, n, t, src);
        } catch (StackOverflowError e) {
            long m = n;
            if (m != Outcome.UNSUPPORTED && m != Outcome.UNSUPPORTED_CASE) synchronized (EDGE) {
                int at = COPY_FILE_RANGE * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += count; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }

    /** JDK 17: sendfile. */
    public static long transferTo0(Object channel, FileDescriptor src, long position, long count, FileDescriptor dst) throws Throwable {
        long t = Counters.begin(SENDFILE);
        long n;
        try {
            n = CHANNEL_17.transferTo0(channel, src, position, count, dst);
        } catch (Throwable e) {
            try { Outcome.thrown(SENDFILE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.transfer(SENDFILE, count, n, t, src);
        } catch (StackOverflowError e) {
            long m = n;
            if (m != Outcome.UNSUPPORTED && m != Outcome.UNSUPPORTED_CASE) synchronized (EDGE) {
                int at = SENDFILE * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += count; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }

    /** JDK 21+: copy_file_range between files (the case FileChannel takes for a file target). */
    public static long transferTo0(FileDescriptor src, long position, long count, FileDescriptor dst, boolean append) throws Throwable {
        long t = Counters.begin(COPY_FILE_RANGE);
        long n;
        try {
            n = TRANSFERS.transferTo0(src, position, count, dst, append);
        } catch (Throwable e) {
            try { Outcome.thrown(COPY_FILE_RANGE, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        try {
            Outcome.transfer(COPY_FILE_RANGE, count, n, t, src);
        } catch (StackOverflowError e) {
            long m = n;
            if (m != Outcome.UNSUPPORTED && m != Outcome.UNSUPPORTED_CASE) synchronized (EDGE) {
                int at = COPY_FILE_RANGE * STRIDE;
                if (m >= Outcome.EOF) { EDGE[at]++; EDGE[at + REQUESTED] += count; EDGE[at + BYTES] += m < 0 ? 0 : m; }
                else if (m == Outcome.UNAVAILABLE || m == Outcome.INTERRUPTED) { EDGE[at]++; EDGE[at + ERRORS]++; }
            }
        }
        return n;
    }
}
