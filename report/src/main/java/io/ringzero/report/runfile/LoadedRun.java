package io.ringzero.report.runfile;

import java.nio.file.Path;

/** A run file as the report reads it: its path (for labels and messages) and its checked, typed content. */
public record LoadedRun(Path file, Run run, String label) {

    /** Labelled after the file name without {@code .json}. */
    public LoadedRun(Path file, Run run) {
        this(file, run, baseLabel(file));
    }

    /** Shorthand for {@link RunFileReader#read}. */
    public static LoadedRun read(Path file) throws BadInputException {
        return RunFileReader.read(file);
    }

    public LoadedRun withLabel(String newLabel) {
        return new LoadedRun(file, run, newLabel);
    }

    private static String baseLabel(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
