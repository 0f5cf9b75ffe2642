package io.ringzero.agent.record;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The agent's own small file reads and writes, through java.io: the JVM's start-up has used FileInputStream,
 * FileOutputStream and java.io.File already, so their hooks are set up, while Files.readAllBytes, Files.write,
 * Files.move and DirectoryStream would set up the FileChannel and file-system hooks for the agent alone (tens of
 * milliseconds in a short run).
 */
public final class OwnFiles {
    private OwnFiles() { }

    /** The whole file, or null if it cannot be read; /proc files report size 0, so it is read to the end, not sized. */
    public static byte[] bytes(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            byte[] b = new byte[8192];
            int n = 0;
            for (int r; (r = in.read(b, n, b.length - n)) > 0; ) {
                n += r;
                if (n == b.length) b = Arrays.copyOf(b, b.length * 2);
            }
            return Arrays.copyOf(b, n);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The file as UTF-8 text, or null if it cannot be read. */
    public static String text(String path) {
        byte[] b = bytes(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Creates or empties {@code file} and writes {@code content}; a regular file left half-written (a full disk) is
     * removed, never a device or anything else that is not a regular file.
     */
    public static void write(File file, byte[] content) throws IOException {
        try (FileOutputStream o = new FileOutputStream(file)) {
            o.write(content);
        } catch (IOException | RuntimeException e) {
            if (file.isFile()) file.delete();
            throw e;
        }
    }

    /**
     * Writes {@code file} through a sibling {@code .tmp} and a rename, so that a reader never sees half a file. A
     * target that exists but is not a regular file ({@code out=/dev/null}, a directory) is refused: the rename would
     * replace it. The {@code .tmp} does not outlive a failure.
     */
    public static void replace(File file, byte[] content) throws IOException {
        if (file.exists() && !file.isFile()) throw new IOException(file + " exists and is not a regular file");
        File tmp = new File(file.getPath() + ".tmp");
        write(tmp, content);
        if (!tmp.renameTo(file)) {
            tmp.delete();
            throw new IOException("cannot rename " + tmp + " to " + file);
        }
    }
}
