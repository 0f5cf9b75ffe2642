package io.ringzero.report.runfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place a run file ({@code ringzero.run/1} or {@code /2}, docs/run-file.md) is read. Everything the CLI knows about a run
 * comes through {@link #read}: the file is checked before it is opened (a regular file, at most {@link #MAX_BYTES}),
 * parsed strictly (one JSON object, nothing after it), mapped to {@link Run} and range-checked by
 * {@link RunChecks}. Anything else is refused with a {@link BadInputException} of one line naming the file.
 */
public final class RunFileReader {

    /** The newest schema major this reader understands; minors add fields and are read by the same code. */
    public static final int SUPPORTED_MAJOR = 2;
    /** Major 1 files are read too: their profile carries the figures that major 2 derives from its stacks. */
    public static final int OLDEST_MAJOR = 1;
    /** Larger than any run file the agent writes (a long run with every site is a few MiB). */
    public static final long MAX_BYTES = 256L << 20;

    private static final Pattern SCHEMA = Pattern.compile("ringzero\\.run/(\\d+)");

    /** Fields may be added within a major version, so unknown fields are ignored, not refused. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, MAX_BYTES))
                    .maxNestingDepth(64)
                    .build())
            .build())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private RunFileReader() {
    }

    /**
     * Reads and checks a run file.
     *
     * @throws BadInputException naming the file and what is wrong with it
     */
    public static LoadedRun read(Path file) throws BadInputException {
        JsonNode root = tree(file);
        Run run;
        try {
            run = JSON.treeToValue(root, Run.class);
        } catch (JsonProcessingException e) {
            throw bad(file, "is not a valid run file (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IllegalArgumentException e) {
            throw bad(file, "is not a valid run file (" + firstLine(e.getMessage()) + ")");
        }
        try {
            return new LoadedRun(file, ProfileFigures.derived(RunChecks.checked(run)));
        } catch (RunChecks.Invalid e) {
            throw bad(file, "is not a valid run file (" + e.getMessage() + ")");
        }
    }

    /** The checked JSON tree, for {@link RunFileWriter}, which must keep fields this reader does not map. */
    static JsonNode tree(Path file) throws BadInputException {
        String text = text(file);
        if (text.isBlank()) {
            throw bad(file, "is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (StreamConstraintsException e) {
            throw bad(file, "is beyond what a run file can be (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonProcessingException e) {
            throw bad(file, parseProblem(e));
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "is not a RingZero run file (not a JSON object)");
        }
        checkSchema(file, root.get("schema"));
        return root;
    }

    private static String text(Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                throw bad(file, "is a directory, not a run file");
            }
            // A FIFO would block for ever and /dev/zero never ends: only regular files are opened.
            if (!attrs.isRegularFile()) {
                throw bad(file, "is not a regular file (a device, FIFO or socket), not a run file");
            }
            if (attrs.size() > MAX_BYTES) {
                throw bad(file, String.format(Locale.ROOT, "is %,d MiB, more than the %d MiB a run file may have",
                        attrs.size() >> 20, MAX_BYTES >> 20));
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw bad(file, "no such file");
        } catch (AccessDeniedException e) {
            throw bad(file, "permission denied");
        } catch (CharacterCodingException e) {
            throw bad(file, "is not UTF-8 text, not a run file");
        } catch (IOException e) {
            throw bad(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String parseProblem(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (msg.contains("end-of-input")) {
            // The agent writes atomically, so a cut-off file usually means a copy went wrong.
            return "is truncated JSON (ends early" + where + ")";
        }
        if (msg.contains("Trailing token")) {
            return "has more after its JSON object (" + where.trim() + "): one run file holds one object";
        }
        return "is not valid JSON (error" + where + ")";
    }

    private static void checkSchema(Path file, JsonNode schema) {
        Matcher m = schema != null && schema.isTextual() ? SCHEMA.matcher(schema.asText()) : null;
        if (m == null || !m.matches()) {
            throw bad(file, "is not a RingZero run file (no \"schema\": \"ringzero.run/" + SUPPORTED_MAJOR + "\")");
        }
        int major;
        try {
            major = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            major = Integer.MAX_VALUE;
        }
        if (major > SUPPORTED_MAJOR) {
            throw bad(file, "was written by a newer RingZero (schema " + schema.asText()
                    + "); this version reads ringzero.run/" + OLDEST_MAJOR + " to /" + SUPPORTED_MAJOR);
        }
        if (major < OLDEST_MAJOR) {
            throw bad(file, "has unknown schema " + schema.asText());
        }
    }

    static BadInputException bad(Path file, String problem) {
        return new BadInputException(file + ": " + problem);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
