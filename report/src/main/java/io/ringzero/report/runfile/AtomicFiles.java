package io.ringzero.report.runfile;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replacing a file the user may read at any moment: write a hidden temporary beside it, then rename over it. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * A fresh hidden name beside {@code target}. Not Files.createTempFile: that makes the file owner-only (0600),
     * and a report or a run file is meant to be read by others, like any file the user creates.
     */
    public static Path tempBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
    }

    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
