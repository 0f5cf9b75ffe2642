package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.STRIDE;
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
        try {
            result(jdkStat, attributes != 0, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[jdkStat * STRIDE]++; if (!(attributes != 0)) EDGE[jdkStat * STRIDE + ERRORS]++; }
        }
        return attributes;
    }

    public static boolean checkAccess(Object fs, File f, int access) throws Throwable {
        long t = Counters.begin(ACCESS);
        boolean ok = UFS.checkAccess(fs, f, access);
        try {
            result(ACCESS, ok, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[ACCESS * STRIDE]++; if (!(ok)) EDGE[ACCESS * STRIDE + ERRORS]++; }
        }
        return ok;
    }

    /** stat; a failure reads as time 0. */
    public static long getLastModifiedTime(Object fs, File f) throws Throwable {
        long t = Counters.begin(jdkStat);
        long time = UFS.getLastModifiedTime(fs, f);
        try {
            result(jdkStat, time != 0, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[jdkStat * STRIDE]++; if (!(time != 0)) EDGE[jdkStat * STRIDE + ERRORS]++; }
        }
        return time;
    }

    /** stat; a failure reads as length 0, like an empty file, so failures are not told apart here. */
    public static long getLength(Object fs, File f) throws Throwable {
        long t = Counters.begin(jdkStat);
        long length = UFS.getLength(fs, f);
        try {
            Outcome.ok(jdkStat, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[jdkStat * STRIDE]++; }
        }
        return length;
    }

    /** open(O_CREAT|O_EXCL) with the JDK's fstat check, then close; nothing at all for "/". */
    public static boolean createFileExclusively(Object fs, String path) throws Throwable {
        boolean root = path.equals("/");
        long t = Counters.begin(OPENAT);
        boolean created;
        try {
            created = UFS.createFileExclusively(fs, path);
        } catch (Throwable e) {
            try { Outcome.thrown(OPENAT, e, t); } catch (StackOverflowError edge) { }
            throw e;
        }
        int[] kinds = {OPENAT, jdkFstat, CLOSE}, times = {1, 1, 1};
        if (root) return created;
        try {
            if (created) Counters.end(kinds, times, t);
            else Counters.failed(OPENAT, "false", t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                if (created) for (int i = 0; i < kinds.length; i++) EDGE[kinds[i] * STRIDE] += times[i];
                else { EDGE[OPENAT * STRIDE]++; EDGE[OPENAT * STRIDE + ERRORS]++; }
            }
        }
        return created;
    }

    /** opendir (openat and glibc's own newfstatat), readdir's getdents64 per 32 KiB buffer, closedir. */
    public static String[] list(Object fs, File f) throws Throwable {
        long t = Counters.begin(OPENAT);
        String[] names = UFS.list(fs, f);
        int[] kinds = {OPENAT, NEWFSTATAT, GETDENTS64, CLOSE}, times = {1, 1, 1, 1}; // 1 getdents64: the last, empty one
        try {
            if (names == null) {
                Counters.failed(OPENAT, "false", t);
                return null;
            }
            DirectoryBuffer buffer = new DirectoryBuffer();
            // "." and ".." fill the buffer too; the order only matters for a directory near a buffer's edge
            if (buffer.entry(1)) times[2]++;
            if (buffer.entry(2)) times[2]++;
            for (String name : names) {
                if (buffer.entry(name.getBytes(StandardCharsets.UTF_8).length)) times[2]++;
            }
            Counters.end(kinds, times, t);
        } catch (StackOverflowError e) {
            // the getdents64 calls of the entries not yet replayed are what is lost here
            synchronized (EDGE) {
                if (names == null) { EDGE[OPENAT * STRIDE]++; EDGE[OPENAT * STRIDE + ERRORS]++; }
                else for (int i = 0; i < kinds.length; i++) EDGE[kinds[i] * STRIDE] += times[i];
            }
        }
        return names;
    }

    public static boolean createDirectory(Object fs, File f) throws Throwable {
        long t = Counters.begin(MKDIR);
        boolean ok = UFS.createDirectory(fs, f);
        try {
            result(MKDIR, ok, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[MKDIR * STRIDE]++; if (!(ok)) EDGE[MKDIR * STRIDE + ERRORS]++; }
        }
        return ok;
    }

    public static boolean rename0(Object fs, File from, File to) throws Throwable {
        long t = Counters.begin(RENAME);
        boolean ok = UFS.rename0(fs, from, to);
        try {
            result(RENAME, ok, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[RENAME * STRIDE]++; if (!(ok)) EDGE[RENAME * STRIDE + ERRORS]++; }
        }
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
        int counted = 0;
        try {
            if (directory == 1) {
                Counters.failed(UNLINK, "EISDIR", 0L);
                counted = 1;
                result(RMDIR, ok, 0L);
            } else if (directory == 0) {
                result(UNLINK, ok, t);
            }
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                int at = (directory == 1 ? RMDIR : UNLINK) * STRIDE;
                if (directory == 1 && counted == 0) { EDGE[UNLINK * STRIDE]++; EDGE[UNLINK * STRIDE + ERRORS]++; }
                if (directory == 0 || directory == 1) { EDGE[at]++; if (!ok) EDGE[at + ERRORS]++; }
            }
        }
        return ok;
    }

    private static void result(int k, boolean ok, long t) {
        if (ok) Outcome.ok(k, t);
        else Counters.failed(k, "false", t);
    }
}
