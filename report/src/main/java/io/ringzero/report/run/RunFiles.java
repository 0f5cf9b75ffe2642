package io.ringzero.report.run;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads and validates run files ({@code docs/run-file.md}); every failure is one line naming the file. */
public final class RunFiles {

    public static final int SCHEMA_MAJOR = 1;
    private static final Pattern SCHEMA = Pattern.compile("ringzero\\.run/(\\d+)");

    /** Fields may be added within a major version, so unknown fields are ignored, not refused. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RunFiles() {
    }

    /** The run file as a JSON tree, after checking that it is complete JSON with a schema this reader knows. */
    public static JsonNode load(Path file) throws BadInputException {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(file + ": is a directory, not a run file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": permission denied");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new BadInputException(file + ": empty file, not a run file");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonParseException e) {
            if (endsEarly(e, bytes)) {
                throw new BadInputException(file + ": truncated JSON (ends at line " + e.getLocation().getLineNr()
                        + " before the run file is complete)");
            }
            throw new BadInputException(file + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": not a RingZero run file (JSON, but not an object)");
        }
        JsonNode schema = root.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new BadInputException(file + ": not a RingZero run file (no \"schema\" field)");
        }
        Matcher m = SCHEMA.matcher(schema.asText());
        if (!m.matches()) {
            throw new BadInputException(file + ": not a RingZero run file (schema \"" + oneLine(schema.asText()) + "\")");
        }
        int major;
        try {
            major = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            major = Integer.MAX_VALUE;
        }
        if (major > SCHEMA_MAJOR) {
            throw new BadInputException(file + ": written by a newer RingZero (" + schema.asText()
                    + "); this version reads ringzero.run/" + SCHEMA_MAJOR);
        }
        if (major < SCHEMA_MAJOR) {
            throw new BadInputException(file + ": unknown old schema " + schema.asText());
        }
        return root;
    }

    /** The run file as typed records (see {@link Run}), with its tree and where it came from. */
    public static LoadedRun read(Path file) throws BadInputException {
        JsonNode root = load(file);
        Run run;
        try {
            run = MAPPER.treeToValue(root, Run.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": not a valid run file: " + firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": not a valid run file: " + firstLine(e.getMessage()));
        }
        if (run.syscalls() == null) {
            throw new BadInputException(file + ": not a valid run file: no \"syscalls\" array");
        }
        for (Run.Syscall s : run.syscalls()) {
            if (s == null || s.name() == null || s.name().isEmpty()) {
                throw new BadInputException(file + ": not a valid run file: a syscall entry has no \"name\"");
            }
        }
        return new LoadedRun(file, root, run);
    }

    /** A parse error at the very end of the input, or an end-of-input error, means the file was cut short. */
    private static boolean endsEarly(JsonParseException e, byte[] bytes) {
        if (e instanceof JsonEOFException) {
            return true;
        }
        int end = bytes.length;
        while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        return offset >= end - 1 || String.valueOf(e.getOriginalMessage()).contains("end-of-input");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }
}
