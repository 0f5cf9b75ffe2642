package io.ringzero.report.runfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads a run file ({@code ringzero.run/1}, see docs/run-file.md) and refuses anything else in one line. */
public final class RunFiles {

    /** The schema major this reader understands. */
    public static final int SUPPORTED_MAJOR = 1;

    private static final Pattern SCHEMA = Pattern.compile("ringzero\\.run/(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {
    }

    /**
     * Reads and checks a run file.
     *
     * @return the root object, whose {@code schema} is {@code ringzero.run/1}
     * @throws BadInputException naming the file and what is wrong with it
     */
    public static JsonNode load(Path file) throws BadInputException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw bad(file, "is a directory, not a run file");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw bad(file, "no such file");
        } catch (AccessDeniedException e) {
            throw bad(file, "permission denied");
        } catch (java.nio.charset.MalformedInputException e) {
            throw bad(file, "is not UTF-8 text, not a run file");
        } catch (IOException e) {
            throw bad(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (text.isBlank()) {
            throw bad(file, "is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // The agent writes atomically, so a cut-off file usually means a copy went wrong.
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")
                    ? "is truncated JSON (ends early" + where + ")"
                    : "is not valid JSON (error" + where + ")";
            throw bad(file, what);
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "is not a RingZero run file (not a JSON object)");
        }
        JsonNode schema = root.get("schema");
        Matcher m = schema != null && schema.isTextual() ? SCHEMA.matcher(schema.asText()) : null;
        if (m == null || !m.matches()) {
            throw bad(file, "is not a RingZero run file (no \"schema\": \"ringzero.run/1\")");
        }
        int major;
        try {
            major = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            major = Integer.MAX_VALUE;
        }
        if (major > SUPPORTED_MAJOR) {
            throw bad(file, "was written by a newer RingZero (schema " + schema.asText()
                    + "); this version reads ringzero.run/" + SUPPORTED_MAJOR);
        }
        if (major < SUPPORTED_MAJOR) {
            throw bad(file, "has unknown schema " + schema.asText());
        }
        return root;
    }

    private static BadInputException bad(Path file, String problem) {
        return new BadInputException(file + ": " + problem);
    }
}
