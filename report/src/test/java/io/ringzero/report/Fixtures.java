package io.ringzero.report;

import io.ringzero.report.runfile.LoadedRun;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-made run files under src/test/resources/runs (see the README there). */
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
        return LoadedRun.read(path(name));
    }
}
