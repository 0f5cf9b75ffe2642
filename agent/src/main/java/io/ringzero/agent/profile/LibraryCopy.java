package io.ringzero.agent.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * async-profiler's library, extracted from the agent jar once and reused by later runs: inflating and writing it
 * at every start is work on every short run. The copy lives in a directory of the user's own
 * ({@code <tmpdir>/ringzero-<uid>}, mode 700, owned by the user, not a link), is named after the jar entry's size
 * and CRC-32, is reused only while its size and CRC-32 still match the entry, and appears there by an atomic rename
 * of a complete file, so concurrent runs never load half a library. Any doubt gives null: the caller then extracts
 * a private copy for this run, as before.
 */
final class LibraryCopy {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private LibraryCopy() { }

    static Path of(URL entry) { return of(entry, Paths.get(System.getProperty("java.io.tmpdir"))); }

    static Path of(URL entry, Path tmpRoot) {
        try {
            URLConnection c = entry.openConnection();
            if (!(c instanceof JarURLConnection)) return null;
            ZipEntry e = ((JarURLConnection) c).getJarEntry();
            long size = e.getSize(), crc = e.getCrc();
            if (size < 0 || crc < 0) return null;
            Path dir = privateDir(tmpRoot);
            if (dir == null) return null;
            Path so = dir.resolve("libasyncProfiler-" + Long.toHexString(crc) + "-" + size + ".so");
            if (matches(so, size, crc)) return so;
            removeStale(dir);
            Path tmp = dir.resolve(so.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
            try {
                try (InputStream in = c.getInputStream();
                     OutputStream out = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(tmp,
                             EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)))) {
                    in.transferTo(out);
                }
                if (!matches(tmp, size, crc)) return null;
                Files.move(tmp, so, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return matches(so, size, crc) ? so : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A run that ends while extracting leaves its {@code .tmp} behind: the JVM does not wait for the profiler's
     * daemon thread. Those older than a minute (an extraction takes well under a second) are removed.
     */
    private static void removeStale(Path dir) {
        java.io.File[] files = dir.toFile().listFiles();
        if (files == null) return;
        long before = System.currentTimeMillis() - 60_000;
        for (java.io.File f : files) if (f.getName().endsWith(".tmp") && f.lastModified() < before) f.delete();
    }

    /** The user's own directory for the copy, created if missing; null if it exists and is not safe to load from. */
    private static Path privateDir(Path tmpRoot) throws IOException {
        Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid"); // the process's effective uid
        Path dir = tmpRoot.resolve("ringzero-" + uid);
        try {
            // Asked first: a mkdir that finds it would be an error in the run file's counts, at every run.
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // another run created it meanwhile: checked below, like a new one
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean safe = a.isDirectory() && uid.equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                && OWNER_ONLY.equals(a.permissions());
        return safe ? dir : null;
    }

    /** A regular file (not a link) of the entry's size and CRC-32. */
    private static boolean matches(Path file, long size, long crc) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != size) return false;
        CRC32 c = new CRC32();
        byte[] b = new byte[1 << 16];
        try (InputStream in = new java.io.FileInputStream(file.toFile())) { // java.io: its hooks are set up already
            for (int n; (n = in.read(b)) > 0; ) c.update(b, 0, n);
        }
        return c.getValue() == crc;
    }
}
