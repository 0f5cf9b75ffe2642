package io.ringzero.report.runfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.nio.file.Path;

/**
 * A run file as the report reads it: its path (for labels and messages), its JSON tree (to copy it) and its
 * typed form. Validation of the file itself is {@link RunFiles#load}'s; this adds the typed mapping.
 */
public record LoadedRun(Path file, JsonNode tree, Run run, String label) {

    /** Labelled after the file name without {@code .json}. */
    public LoadedRun(Path file, JsonNode tree, Run run) {
        this(file, tree, run, baseLabel(file));
    }

    /** Fields may be added within a major version, so unknown fields are ignored, not refused. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static LoadedRun read(Path file) {
        JsonNode root = RunFiles.load(file);
        Run run;
        try {
            run = MAPPER.treeToValue(root, Run.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": is not a valid run file (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": is not a valid run file (" + firstLine(e.getMessage()) + ")");
        }
        if (run.syscalls() == null) {
            throw new BadInputException(file + ": is not a valid run file (no \"syscalls\" array)");
        }
        for (Run.Syscall s : run.syscalls()) {
            if (s == null || s.name() == null || s.name().isEmpty()) {
                throw new BadInputException(file + ": is not a valid run file (a syscall entry has no \"name\")");
            }
        }
        return new LoadedRun(file, root, run);
    }

    public LoadedRun withLabel(String newLabel) {
        return new LoadedRun(file, tree, run, newLabel);
    }

    private static String baseLabel(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
