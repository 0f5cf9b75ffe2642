package io.ringzero.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import io.ringzero.report.runfile.RunFileReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run files under src/test/resources/runs (see the README there), and edited copies read the real way. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/runs/" + name + ".json").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no fixture " + name, e);
        }
    }

    public static LoadedRun load(String name) {
        return RunFileReader.read(path(name));
    }

    /** The fixture's JSON tree, to edit before {@link #loaded(JsonNode)}. */
    public static JsonNode tree(String name) {
        try {
            return new ObjectMapper().readTree(path(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An edited run file, written to a temporary file and read back through {@link RunFileReader}. */
    public static LoadedRun loaded(JsonNode tree) {
        try {
            Path f = Files.createTempFile("ringzero-test-", ".json");
            f.toFile().deleteOnExit();
            new ObjectMapper().writeValue(f.toFile(), tree);
            return RunFileReader.read(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Run run(JsonNode tree) {
        return loaded(tree).run();
    }
}
