package io.ringzero.report.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a captured stderr, to show with a failure. */
record StderrTail(Path file, List<String> lines) {

    static StderrTail of(Path file, int max) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return new StderrTail(file, all.subList(Math.max(0, all.size() - max), all.size()));
        } catch (IOException e) {
            return new StderrTail(file, List.of());
        }
    }

    /** Lines to append to a failure message: none when stderr was empty. */
    String asDetail() {
        if (lines.isEmpty()) {
            return "; its stderr (" + file + ") is empty";
        }
        StringBuilder b = new StringBuilder("; the last ").append(lines.size()).append(" line(s) of its stderr (")
                .append(file).append("):");
        for (String l : lines) {
            b.append(System.lineSeparator()).append("  | ").append(l);
        }
        return b.toString();
    }
}
