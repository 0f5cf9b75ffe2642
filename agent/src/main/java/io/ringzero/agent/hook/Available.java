package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;
import static io.ringzero.agent.hook.Probe.*;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.lang.ref.WeakReference;

/**
 * What FileInputStream.available issued. The JDK (io_util_md.c, handleAvailable) fstats the descriptor; on a
 * character device, FIFO or socket it asks ioctl(FIONREAD), and if that fails, or on any other type, it takes
 * lseek(SEEK_CUR), then lseek(SEEK_END) and lseek(SEEK_SET) when the size (-1 for what is not a regular file) is
 * below the position. Which of these happened depends on the file's type, and for a regular file with nothing
 * available on its size and position: {@link Probe} asks. What it cannot tell stays uncounted rather than guessed.
 */
final class Available {
    /**
     * The type of the descriptor asked last: an open descriptor keeps its type, so a stream asked in a loop costs
     * the agent one probe, not one per call. Held weakly: the stream's cleaner must still see it unreachable.
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
        int type;
        boolean sizeBelowPosition = false;
        try {
            if (known != null && known.fd.get() == fdo) {
                type = known.type;
            } else {
                type = type(fd);
                last = new Known(fdo, type);
            }
            if (type == S_IFREG && r == 0 && e == null) sizeBelowPosition = sizeBelowPosition(fd);
        } catch (Throwable unknown) {
            return; // the descriptor went away or /proc is not there: left uncounted (the kernel's count shows it)
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
                sought(null, sizeBelowPosition);
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
}
