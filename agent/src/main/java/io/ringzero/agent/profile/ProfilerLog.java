package io.ringzero.agent.profile;

import io.ringzero.agent.record.OwnFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * async-profiler's log. It prints its warnings on the application's stdout, including "Could not open log file":
 * the log is a file created (emptied) by the agent first, or, if that fails, logging is off. It stays beside the
 * run file: async-profiler may still write to it at the very end of the JVM.
 */
final class ProfilerLog {
    static final ProfilerLog OFF = new ProfilerLog(null);
    private static final int MAX_WARNINGS = 20;

    /** Null when logging is off. */
    private final Path file;

    private ProfilerLog(Path file) { this.file = file; }

    /** A log in this file, created empty; logging off when it cannot be. */
    static ProfilerLog in(Path file) {
        try {
            OwnFiles.write(file.toFile(), new byte[0]);
            return new ProfilerLog(file);
        } catch (IOException | RuntimeException e) {
            return OFF;
        }
    }

    /** Every command needs its own log option: a dump without one prints "No samples were collected" on stdout. */
    String option() { return file == null ? ",loglevel=none" : ",log=" + file; }

    /** The first line that mentions {@code what}: the errno behind a refused start. */
    String firstLine(String what) {
        for (String line : lines()) if (line.contains(what)) return line.trim();
        return null;
    }

    /** The warnings are a courtesy: no log, no warnings. */
    List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (String line : lines()) {
            if (!line.isBlank() && w.size() < MAX_WARNINGS) w.add(line.trim());
        }
        return w;
    }

    /** A line break is \n or \r\n, as async-profiler writes them (trim takes the \r). */
    private String[] lines() {
        String text = file == null ? null : OwnFiles.text(file.toString());
        return text == null || text.isEmpty() ? new String[0] : text.split("\n");
    }
}
