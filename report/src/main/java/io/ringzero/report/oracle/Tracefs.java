package io.ringzero.report.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The kernel's tracing file system, which the tracepoints need, and quiet probes of the tools that use it. */
final class Tracefs {
    static final Path ROOT = Path.of("/sys/kernel/tracing");

    private Tracefs() {
    }

    /** Mounts tracefs when it is missing (needs root; without it the tools' probes fail and say so). */
    static void mount() {
        if (!Files.isDirectory(ROOT.resolve("events"))) {
            quietly(List.of("mount", "-t", "tracefs", "nodev", ROOT.toString()), 60);
        }
    }

    /** The command's exit code; 127 when it cannot be started, -1 when it timed out. */
    static int quietly(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
