package io.ringzero.report.run;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/** A run file as read: its path (for labels and messages), its JSON tree (to copy it) and its typed form. */
public record LoadedRun(Path file, JsonNode tree, Run run) {

    /** A short label for the run: the file name without {@code .json}. */
    public String label() {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
