package io.ringzero.report.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code Seccomp:} and {@code Seccomp_filters:} lines of a process's /proc status file. */
public record SeccompStatus(int mode, int filters) {

    /** Mode 2 is SECCOMP_MODE_FILTER. */
    public boolean filtered() {
        return mode != 0;
    }

    public static SeccompStatus ofSelf() {
        return of(Path.of("/proc/self/status"));
    }

    /** Mode -1 when the file cannot be read or has no such line (a kernel without CONFIG_SECCOMP). */
    public static SeccompStatus of(Path statusFile) {
        int mode = -1;
        int filters = 0;
        try {
            for (String line : Files.readAllLines(statusFile)) {
                if (line.startsWith("Seccomp:")) {
                    mode = Integer.parseInt(line.substring(8).trim());
                } else if (line.startsWith("Seccomp_filters:")) {
                    filters = Integer.parseInt(line.substring(16).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return new SeccompStatus(-1, 0);
        }
        return new SeccompStatus(mode, filters);
    }
}
