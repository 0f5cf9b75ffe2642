package io.ringzero.report.flame;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Finds the files the agent writes beside a run file ({@code <run>.cpu.collapsed}, ...). Only the run file's own
 * directory is searched: the run file records absolute paths, but a run file is the measured program's output,
 * and following a path from it would let a crafted one put any readable file into a report. The recorded name is
 * used (so a renamed set of files is still found), its directory is not.
 */
final class SideFiles {

    private SideFiles() {
    }

    /** The side file's name: the recorded path's last part, else the run file's name plus the suffix. */
    static String name(Path runFile, String recorded, String suffix) {
        if (recorded != null && !recorded.isBlank()) {
            try {
                Path p = Path.of(recorded).getFileName();
                if (p != null) {
                    return p.toString();
                }
            } catch (InvalidPathException e) {
                // a name this file system cannot hold cannot be beside the run file either
            }
        }
        return runFile.getFileName() + suffix;
    }

    /** The side file beside the run file, or null when there is none. */
    static Path find(Path runFile, String recorded, String suffix) {
        Path p = runFile.toAbsolutePath().resolveSibling(name(runFile, recorded, suffix));
        return Files.isRegularFile(p) ? p : null;
    }
}
