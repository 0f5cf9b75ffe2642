package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * What FileInputStream.available issued. The JDK (io_util_md.c, handleAvailable) fstats the descriptor; on a
 * character device, FIFO or socket it asks ioctl(FIONREAD), and if that fails, or on any other type, it takes
 * lseek(SEEK_CUR), then lseek(SEEK_END) and lseek(SEEK_SET) when the size (-1 for what is not a regular file) is
 * below the position. Only the file's type, size and position tell which, and only syscalls tell those: the agent
 * makes them itself, counted as its own: a statx of /proc/self/fd/N for a descriptor not asked just before, a
 * readlink of its class in /sys for a character device, and for a regular file that had nothing available, a
 * statx for its size and a read of /proc/self/fdinfo/N for its position. What it cannot tell stays uncounted
 * rather than guessed.
 */
final class Available {
    private static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFCHR = 0020000, S_IFBLK = 0060000,
            S_IFIFO = 0010000, S_IFSOCK = 0140000, TTY = -1, UNKNOWN = 0;

    /**
     * The type of the descriptor asked last: an open descriptor keeps its type, so a stream asked in a loop costs
     * the agent one statx, not one per call. Held weakly: the stream's cleaner must still see it unreachable.
     */
    private static final class Known {
        final WeakReference<FileDescriptor> fd;
        final int type;

        Known(FileDescriptor fd, int type) {
            this.fd = new WeakReference<>(fd);
            this.type = type;
        }
    }

    private static volatile Known last;

    private Available() { }

    /** After available() on {@code fdo} (descriptor {@code fd}) returned {@code r}, or threw {@code e} (a failed syscall; else null). */
    static void counted(FileDescriptor fdo, int fd, int r, Throwable e) {
        if (Pipes.contains(fd)) { // a spawned process's pipe: known without asking
            asked(e);
            return;
        }
        Known known = last;
        int type = known != null && known.fd.get() == fdo ? known.type : UNKNOWN;
        boolean atOrBeyondEnd = false;
        boolean previous = Counters.setOwn(true);
        try {
            if (type == UNKNOWN) {
                Map<String, Object> a = Files.readAttributes(Paths.get("/proc/self/fd/" + fd), "unix:mode,rdev");
                type = (Integer) a.get("mode") & S_IFMT;
                if (type == S_IFCHR && isTty((Long) a.get("rdev"))) type = TTY;
                last = new Known(fdo, type);
            }
            if (type == S_IFREG && r == 0 && e == null) atOrBeyondEnd = size(fd) < position(fd);
        } catch (Throwable unknown) {
            return; // the descriptor went away or /proc is not there: left uncounted (the kernel's count shows it)
        } finally {
            Counters.setOwn(previous);
        }
        if (type == S_IFIFO || type == S_IFSOCK || type == TTY) {
            asked(e);
        } else if (type == S_IFCHR) { // not a terminal: FIONREAD fails with ENOTTY
            Counters.count(jdkFstat);
            Counters.failed(IOCTL, "ENOTTY", 0L);
            sought(e, true);
        } else if (type == S_IFREG) {
            Counters.count(jdkFstat);
            if (e != null) { // the size was below the position and SEEK_END failed (a /proc file read part-way)
                Counters.count(LSEEK);
                Counters.fail(LSEEK, e, 0L);
            } else {
                sought(null, atOrBeyondEnd);
            }
        } else if (type == S_IFBLK) {
            Counters.count(jdkFstat);
            sought(e, true);
        }
    }

    /** fstat then ioctl(FIONREAD), which succeeded unless the call threw (then SEEK_CUR failed as well). */
    private static void asked(Throwable e) {
        Counters.count(jdkFstat);
        if (e == null) {
            Counters.count(IOCTL);
        } else {
            Counters.failed(IOCTL, "FIONREAD", 0L);
            Counters.fail(LSEEK, e, 0L);
        }
    }

    /**
     * lseek(SEEK_CUR), then SEEK_END and SEEK_SET when the size is below the position. A call that threw failed
     * at SEEK_CUR: a device that cannot seek cannot seek from anywhere.
     */
    private static void sought(Throwable e, boolean sizeBelowPosition) {
        if (e != null) {
            Counters.fail(LSEEK, e, 0L);
            return;
        }
        Counters.count(LSEEK);
        if (sizeBelowPosition) {
            Counters.count(LSEEK);
            Counters.count(LSEEK);
        }
    }

    private static long size(int fd) throws Exception {
        return (Long) Files.getAttribute(Paths.get("/proc/self/fd/" + fd), "unix:size");
    }

    /** The descriptor's offset, from the "pos:" line of /proc/self/fdinfo/N (read without an fstat). */
    private static long position(int fd) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(256);
        try (FileChannel ch = FileChannel.open(Paths.get("/proc/self/fdinfo/" + fd))) {
            ch.read(b);
        }
        String info = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
        int at = info.indexOf("pos:");
        int end = info.indexOf('\n', at);
        return Long.parseLong(info.substring(at + 4, end).trim());
    }

    /** Whether a character device is a terminal (the tty class in sysfs), the only kind that answers FIONREAD. */
    private static boolean isTty(long rdev) throws Exception {
        long major = (rdev >>> 8) & 0xfff | (rdev >>> 32) & ~0xfffL, minor = rdev & 0xff | (rdev >>> 12) & ~0xffL;
        Path subsystem = Files.readSymbolicLink(Paths.get("/sys/dev/char/" + major + ":" + minor + "/subsystem"));
        return subsystem.getFileName().toString().equals("tty");
    }
}
