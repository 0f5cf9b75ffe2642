package io.ringzero.agent.hook;

import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * What a JDK native's syscalls depended on but Java cannot know without a syscall: the agent asks the kernel
 * itself, and what it asks is counted as its own ({@code agent_own}), never as the application's. Only NIO
 * calls that issue statx, openat, read, readlink and close: none is a syscall the probed natives issue.
 */
final class Probe {
    static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFCHR = 0020000, S_IFBLK = 0060000,
            S_IFIFO = 0010000, S_IFSOCK = 0140000, S_IFDIR = 0040000;
    /** A character device that is a terminal (not a file type of the kernel's: FIONREAD works on it). */
    static final int TTY = -1;
    private static final long O_NONBLOCK = 04000;

    private Probe() { }

    /** The type (S_IF* or TTY) of open descriptor {@code fd}, through /proc/self/fd. */
    static int type(int fd) throws Exception {
        boolean previous = Counters.setOwn(true);
        try {
            Map<String, Object> a = Files.readAttributes(Paths.get("/proc/self/fd/" + fd), "unix:mode,rdev");
            int type = (Integer) a.get("mode") & S_IFMT;
            return type == S_IFCHR && isTty((Long) a.get("rdev")) ? TTY : type;
        } finally {
            Counters.setOwn(previous);
        }
    }

    /** Whether open descriptor {@code fd} is a file whose size is below its offset (at its end, or beyond). */
    static boolean sizeBelowPosition(int fd) throws Exception {
        boolean previous = Counters.setOwn(true);
        try {
            return (Long) Files.getAttribute(Paths.get("/proc/self/fd/" + fd), "unix:size") < fdinfo(fd, "pos:", 10);
        } finally {
            Counters.setOwn(previous);
        }
    }

    /** 1 if open descriptor {@code fd} is in non-blocking mode, 0 if not, -1 if that cannot be read. */
    static int nonBlocking(int fd) {
        if (fd < 0) return -1;
        boolean previous = Counters.setOwn(true);
        try {
            return (fdinfo(fd, "flags:", 8) & O_NONBLOCK) != 0 ? 1 : 0;
        } catch (Throwable unknown) {
            return -1;
        } finally {
            Counters.setOwn(previous);
        }
    }

    /** 1 if {@code path} is a directory (not following a last symbolic link), 0 if not or absent, -1 if unknown. */
    static int isDirectory(String path) {
        if (path.isEmpty()) return 0;
        boolean previous = Counters.setOwn(true);
        try {
            return Files.readAttributes(Paths.get(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory() ? 1 : 0;
        } catch (NoSuchFileException absent) {
            return 0;
        } catch (Throwable unknown) {
            return -1;
        } finally {
            Counters.setOwn(previous);
        }
    }

    /** A number from /proc/self/fdinfo/N: "pos:" (the offset, decimal) or "flags:" (the open flags, octal). */
    private static long fdinfo(int fd, String key, int radix) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(256);
        try (FileChannel ch = FileChannel.open(Paths.get("/proc/self/fdinfo/" + fd))) {
            ch.read(b);
        }
        String info = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
        int at = info.indexOf(key);
        return Long.parseLong(info.substring(at + key.length(), info.indexOf('\n', at)).trim(), radix);
    }

    /** Whether a character device is in sysfs's tty class. */
    private static boolean isTty(long rdev) throws Exception {
        long major = (rdev >>> 8) & 0xfff | (rdev >>> 32) & ~0xfffL, minor = rdev & 0xff | (rdev >>> 12) & ~0xffL;
        String subsystem = readLink(Paths.get("/sys/dev/char/" + major + ":" + minor + "/subsystem"));
        return subsystem.endsWith("/tty");
    }

    /**
     * A symbolic link's target. No hook sees Files.readSymbolicLink's one readlink: it is counted here, in the
     * counters the caller chose (the agent's own).
     */
    static String readLink(Path link) throws java.io.IOException {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (java.io.IOException e) {
            Counters.fail(Syscall.READLINK, e, 0L);
            throw e;
        }
        Counters.count(Syscall.READLINK);
        return target;
    }
}
