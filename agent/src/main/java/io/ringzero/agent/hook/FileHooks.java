package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;
import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * java.io.File through java.io.UnixFileSystem (UnixFileSystem_md.c). JDK 17's natives are public and called
 * from File through the abstract java.io.FileSystem; JDK 21+ wraps private {@code *0} natives. These natives
 * report failure as false, 0 or null, not as an exception. The receiver's class is package-private: Object.
 */
public final class FileHooks {
    /** java.io.UnixFileSystem's natives (JDK 17's public names; JDK 21+'s private ones end in 0). */
    public interface Ufs {
        int getBooleanAttributes0(Object fs, File f);
        boolean checkAccess(Object fs, File f, int access);
        long getLastModifiedTime(Object fs, File f);
        long getLength(Object fs, File f);
        boolean createFileExclusively(Object fs, String path);
        String[] list(Object fs, File f);
        boolean createDirectory(Object fs, File f);
        boolean rename0(Object fs, File from, File to);
        boolean delete0(Object fs, File f);
    }

    private static final Ufs UFS = Bridge.to(Ufs.class);

    private FileHooks() { }

    /** stat; 0 (not even "exists") only when it failed. */
    public static int getBooleanAttributes0(Object fs, File f) throws Throwable {
        long t = Counters.begin(jdkStat);
        int attributes = UFS.getBooleanAttributes0(fs, f);
        result(jdkStat, attributes != 0, t);
        return attributes;
    }

    public static boolean checkAccess(Object fs, File f, int access) throws Throwable {
        long t = Counters.begin(ACCESS);
        boolean ok = UFS.checkAccess(fs, f, access);
        result(ACCESS, ok, t);
        return ok;
    }

    /** stat; a failure reads as time 0. */
    public static long getLastModifiedTime(Object fs, File f) throws Throwable {
        long t = Counters.begin(jdkStat);
        long time = UFS.getLastModifiedTime(fs, f);
        result(jdkStat, time != 0, t);
        return time;
    }

    /** stat; a failure reads as length 0, like an empty file, so failures are not told apart here. */
    public static long getLength(Object fs, File f) throws Throwable {
        long t = Counters.begin(jdkStat);
        long length = UFS.getLength(fs, f);
        Outcome.ok(jdkStat, t);
        return length;
    }

    /** open(O_CREAT|O_EXCL) with the JDK's fstat check, then close; nothing at all for "/". */
    public static boolean createFileExclusively(Object fs, String path) throws Throwable {
        long t = Counters.begin(OPENAT);
        boolean created;
        try { created = UFS.createFileExclusively(fs, path); } catch (Throwable e) { throw Outcome.thrown(OPENAT, e, t); }
        if (path.equals("/")) return created;
        result(OPENAT, created, t);
        if (created) {
            Counters.count(jdkFstat);
            Counters.count(CLOSE);
        }
        return created;
    }

    /** opendir (openat and glibc's own newfstatat), readdir's getdents64 per 32 KiB buffer, closedir. */
    public static String[] list(Object fs, File f) throws Throwable {
        long t = Counters.begin(OPENAT);
        String[] names = UFS.list(fs, f);
        result(OPENAT, names != null, t);
        if (names == null) return null;
        Counters.count(NEWFSTATAT);
        DirectoryBuffer buffer = new DirectoryBuffer();
        int calls = 1; // the last, empty getdents64
        // "." and ".." fill the buffer too; the order only matters for a directory near a buffer's edge
        if (buffer.entry(1)) calls++;
        if (buffer.entry(2)) calls++;
        for (String name : names) {
            if (buffer.entry(name.getBytes(StandardCharsets.UTF_8).length)) calls++;
        }
        for (int i = 0; i < calls; i++) Counters.count(GETDENTS64);
        Counters.count(CLOSE);
        return names;
    }

    public static boolean createDirectory(Object fs, File f) throws Throwable {
        long t = Counters.begin(MKDIR);
        boolean ok = UFS.createDirectory(fs, f);
        result(MKDIR, ok, t);
        return ok;
    }

    public static boolean rename0(Object fs, File from, File to) throws Throwable {
        long t = Counters.begin(RENAME);
        boolean ok = UFS.rename0(fs, from, to);
        result(RENAME, ok, t);
        return ok;
    }

    /**
     * glibc's remove(): unlink, and when that fails with EISDIR, rmdir. Whether the path is a directory is asked
     * before the call ({@link Probe}); if that cannot be told, the call stays uncounted.
     */
    public static boolean delete0(Object fs, File f) throws Throwable {
        int directory = Probe.isDirectory(f.getPath());
        long t = Counters.begin(UNLINK);
        boolean ok = UFS.delete0(fs, f);
        if (directory == 1) {
            Counters.failed(UNLINK, "EISDIR", 0L);
            result(RMDIR, ok, 0L);
        } else if (directory == 0) {
            result(UNLINK, ok, t);
        }
        return ok;
    }

    private static void result(int k, boolean ok, long t) {
        if (ok) Outcome.ok(k, t);
        else Counters.failed(k, "false", t);
    }
}
