package io.ringzero.report.runfile;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadedRunTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldOfARunFile() throws Exception {
        LoadedRun lr = LoadedRun.read(Fixtures.path("client"));
        Run r = lr.run();
        assertThat(lr.label()).isEqualTo("client");
        assertThat(r.isFinal()).isTrue();
        assertThat(r.agent().latencySampleEvery()).isEqualTo(16);
        assertThat(r.process().jvm().version()).isEqualTo("17.0.13+11");
        assertThat(r.machine().vulnerabilities()).containsKey("spectre_v2");
        assertThat(r.cpu().now().systemS()).isEqualTo(3.12);
        assertThat(r.syscalls().get(0).name()).isEqualTo("read");
        assertThat(r.syscalls().get(0).latency().log2Ns()).isNotEmpty();
        assertThat(r.syscalls().get(0).sites().get(0).frames()).hasSize(4);
        assertThat(r.snapshots()).hasSize(12);
        assertThat(r.snapshots().get(0).calls()).containsKey("read");
        assertThat(r.kernelOracle().tool()).isEqualTo("perf");
        assertThat(r.agentOwn().syscalls()).isNotEmpty();
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws Exception {
        String json = Files.readString(Fixtures.path("partial")).replaceFirst("\\{", "{\"added_later\": {\"x\": [1, 2]},");
        assertThat(LoadedRun.read(write("added.json", json)).run().syscalls()).hasSize(2);
    }

    @Test
    void missingFile() {
        assertBad(dir.resolve("nope.json"), "nope.json: no such file");
    }

    @Test
    void emptyAndBlankFiles() throws IOException {
        assertBad(write("empty.json", ""), "empty.json: is empty");
        assertBad(write("blank.json", " \n\t\n"), "blank.json: is empty");
    }

    @Test
    void truncatedJson() throws IOException {
        String whole = Files.readString(Fixtures.path("client"));
        assertBad(write("cut.json", whole.substring(0, whole.lastIndexOf('}'))), "cut.json: is truncated JSON");
        // wherever a copy stopped (inside a string, a number, a literal, between tokens): one line naming the file
        for (int cut : new int[] {1, 10, 37, 100, whole.length() / 3, whole.length() / 2, whole.length() - 3}) {
            assertBad(write("cut.json", whole.substring(0, cut)), "cut.json: is ");
            assertThatThrownBy(() -> LoadedRun.read(dir.resolve("cut.json")))
                    .hasMessageMatching(".*(truncated JSON|not valid JSON).*");
        }
    }

    @Test
    void notJson() throws IOException {
        assertBad(write("text.json", "hello, world\n"), "text.json: is not valid JSON (error at line 1");
    }

    @Test
    void jsonThatIsNotARunFile() throws IOException {
        assertBad(write("array.json", "[1, 2, 3]"), "array.json: is not a RingZero run file");
        assertBad(write("pkg.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}"),
                "pkg.json: is not a RingZero run file");
        assertBad(write("other.json", "{\"schema\": \"something.else/1\"}"), "other.json: is not a RingZero run file");
        assertBad(write("nosys.json", "{\"schema\": \"ringzero.run/1\"}"), "nosys.json: is not a valid run file (no \"syscalls\"");
        assertBad(write("badtype.json", "{\"schema\": \"ringzero.run/1\", \"syscalls\": [{\"name\": \"read\", \"calls\": \"many\"}]}"),
                "badtype.json: is not a valid run file");
        assertBad(write("noname.json", "{\"schema\": \"ringzero.run/1\", \"syscalls\": [{\"calls\": 3}]}"),
                "noname.json: is not a valid run file (a syscall entry has no \"name\"");
    }

    @Test
    void newerSchema() throws IOException {
        String json = Files.readString(Fixtures.path("client")).replace("ringzero.run/1", "ringzero.run/2");
        assertBad(write("new.json", json), "new.json: was written by a newer RingZero (schema ringzero.run/2)");
        assertBad(write("huge.json", "{\"schema\": \"ringzero.run/99999999999999\"}"), "huge.json: was written by a newer RingZero");
    }

    @Test
    void directory() {
        assertBad(dir, "is a directory");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertBad(Path file, String expected) {
        assertThatThrownBy(() -> LoadedRun.read(file))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains(expected).doesNotContain("\n");
                    assertThat(e.getMessage()).startsWith(file.toString());
                });
    }
}
