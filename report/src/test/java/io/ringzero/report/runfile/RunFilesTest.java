package io.ringzero.report.runfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFilesTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("run.json");
        Files.writeString(f, content);
        return f;
    }

    private static void refused(Path f, String problem) {
        assertThatThrownBy(() -> RunFiles.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(f.toString() + ": ").hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void loadsARunFile() throws IOException {
        Path f = file("{\"schema\": \"ringzero.run/1\", \"final\": true, \"future_field\": 1}");
        assertThat(RunFiles.load(f).path("final").asBoolean()).isTrue();
    }

    @Test
    void missingFile() {
        refused(dir.resolve("absent.json"), "no such file");
    }

    @Test
    void emptyFile() throws IOException {
        refused(file(""), "is empty");
        refused(file("  \n"), "is empty");
    }

    @Test
    void truncatedJson() throws IOException {
        refused(file("{\"schema\": \"ringzero.run/1\", \"syscalls\": [{\"name\": \"wri"), "truncated");
    }

    @Test
    void invalidJson() throws IOException {
        refused(file("schema = ringzero.run/1"), "not valid JSON");
    }

    @Test
    void jsonThatIsNotARunFile() throws IOException {
        refused(file("[1, 2, 3]"), "not a RingZero run file");
        refused(file("{\"name\": \"package.json\"}"), "not a RingZero run file");
        refused(file("{\"schema\": \"ringzero.calibration/1\"}"), "not a RingZero run file");
    }

    @Test
    void newerSchemaMajor() throws IOException {
        refused(file("{\"schema\": \"ringzero.run/2\"}"), "newer RingZero");
        refused(file("{\"schema\": \"ringzero.run/17\"}"), "ringzero.run/17");
        refused(file("{\"schema\": \"ringzero.run/99999999999999999999\"}"), "newer RingZero");
    }

    @Test
    void directoryIsNotARunFile() {
        refused(dir, "is a directory");
    }
}
