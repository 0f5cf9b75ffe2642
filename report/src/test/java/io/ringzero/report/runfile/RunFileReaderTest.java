package io.ringzero.report.runfile;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The one reader of run files: what it reads, and each way a file is refused in one line. */
class RunFileReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldOfARunFile() throws Exception {
        LoadedRun lr = RunFileReader.read(Fixtures.path("client"));
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
        assertThat(RunFileReader.read(write("added.json", json)).run().syscalls()).hasSize(2);
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
            assertThatThrownBy(() -> RunFileReader.read(dir.resolve("cut.json")))
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
                "noname.json: is not a valid run file (a syscalls entry has no \"name\"");
    }

    @Test
    void newerSchema() throws IOException {
        String json = Files.readString(Fixtures.path("client")).replace("ringzero.run/1", "ringzero.run/3");
        assertBad(write("new.json", json), "new.json: was written by a newer RingZero (schema ringzero.run/3)");
        assertBad(write("huge.json", "{\"schema\": \"ringzero.run/99999999999999\"}"), "huge.json: was written by a newer RingZero");
    }

    @Test
    void directory() {
        assertBad(dir, "is a directory");
    }

    @Test
    void loadsAMinimalRunFileWithFieldsFromTheFuture() throws IOException {
        Path f = write("min.json", "{\"schema\": \"ringzero.run/1\", \"final\": true, \"future_field\": 1, \"syscalls\": []}");
        assertThat(RunFileReader.read(f).run().isFinal()).isTrue();
    }

    @Test
    void attachWindows() throws IOException {
        Path f = write("window.json", "{\"schema\": \"ringzero.run/2\", \"schema_minor\": 1, \"final\": true, "
                + "\"window\": {\"number\": 2, \"start_ms\": 1796472340588}, \"syscalls\": []}");
        assertThat(RunFileReader.read(f).run().window()).isEqualTo(new Run.Window(2, 1796472340588L));
        assertThat(RunFileReader.read(write("whole.json", "{\"schema\": \"ringzero.run/2\", \"syscalls\": []}")).run().window()).isNull();
        assertBad(write("window0.json", "{\"schema\": \"ringzero.run/2\", \"window\": {\"number\": 0}, \"syscalls\": []}"),
                "window.number is 0, not a window number");
    }

    @Test
    void unknownOlderSchema() throws IOException {
        assertBad(write("old.json", "{\"schema\": \"ringzero.run/0\"}"), "old.json: has unknown schema ringzero.run/0");
    }

    @Test
    void dataAfterTheObject() throws IOException {
        String whole = Files.readString(Fixtures.path("partial"));
        assertBad(write("garbage.json", whole + "\nxyz"), "garbage.json: is not valid JSON");
        assertBad(write("two.json", whole + whole), "two.json: has more after its JSON object (at line");
        assertBad(write("two-small.json", "{\"schema\": \"ringzero.run/1\", \"syscalls\": []} {}"), "has more after its JSON object");
    }

    @Test
    void negativeAndNonsenseFigures() throws IOException {
        String whole = Files.readString(Fixtures.path("partial"));
        String negative = whole.replaceFirst("\"calls\": \\d+", "\"calls\": -5");
        assertThat(negative).isNotEqualTo(whole);
        assertBad(write("neg.json", negative), "neg.json: is not a valid run file (");
        assertThatThrownBy(() -> RunFileReader.read(dir.resolve("neg.json"))).hasMessageContaining("is -5, not a count");
        assertBad(write("negtime.json", "{\"schema\": \"ringzero.run/1\", \"syscalls\": [], "
                + "\"cpu\": {\"now\": {\"user_s\": -1.0}}}"), "cpu.now.user_s is -1.0, not a time in seconds");
        assertBad(write("oracle.json", "{\"schema\": \"ringzero.run/1\", \"syscalls\": [], "
                + "\"kernel_oracle\": {\"tool\": \"perf\", \"syscalls\": {\"read\": -3}, \"total\": 1}}"),
                "kernel_oracle.syscalls.read is -3, not a count");
        assertBad(write("share.json", "{\"schema\": \"ringzero.run/1\", \"syscalls\": [], "
                + "\"profile\": {\"kernel_share\": 1.5}}"), "profile.kernel_share is 1.5, not a share between 0 and 1");
    }

    @Test
    void siteResourcesSince21AndNoneBefore() throws IOException {
        assertThat(RunFileReader.read(Fixtures.path("client")).run().syscalls().get(0).sites().get(0).resources()).isEmpty();
        String site = "{\"schema\": \"ringzero.run/2\", \"schema_minor\": 1, \"syscalls\": [{\"name\": \"read\", \"calls\": 10, "
                + "\"sites\": [{\"calls\": 10, \"walked\": 4, \"frames\": [\"a.B.m(B.java:1)\"], \"resources\": [%s]}]}]}";
        Path f = write("res.json", String.format(site, "{\"resource\": \"/data/x.bin\", \"calls\": 9, \"walked\": 3}"));
        assertThat(RunFileReader.read(f).run().syscalls().get(0).sites().get(0).resources())
                .containsExactly(new Run.Resource("/data/x.bin", 9, 3));
        assertBad(write("nores.json", String.format(site, "{\"calls\": 9, \"walked\": 3}")),
                "syscalls.read.sites[].resources entry has no resource");
        assertBad(write("negres.json", String.format(site, "{\"resource\": \"/x\", \"calls\": -1, \"walked\": 3}")),
                "syscalls.read.sites[].resources[].calls is -1, not a count");
        assertBad(write("nullres.json", String.format(site, "null")), "entry has no resource");
    }

    @Test
    void framesDeeperThanTheAgentWritesAreCutWithAMark() throws IOException {
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            frames.append(i == 0 ? "" : ",").append("\"a.B.m").append(i).append("(B.java:1)\"");
        }
        Path f = write("deep.json", "{\"schema\": \"ringzero.run/1\", \"syscalls\": [{\"name\": \"write\", \"calls\": 1, "
                + "\"sites\": [{\"calls\": 1, \"walked\": 1, \"frames\": [" + frames + "]}]}]}");
        List<String> kept = RunFileReader.read(f).run().syscalls().get(0).sites().get(0).frames();
        assertThat(kept).hasSize(RunChecks.MAX_FRAMES + 1);
        assertThat(kept.get(0)).isEqualTo("a.B.m0(B.java:1)");
        assertThat(kept.get(RunChecks.MAX_FRAMES)).isEqualTo("(" + (10_000 - RunChecks.MAX_FRAMES) + " more frames cut)");
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() throws IOException {
        assertBad(write("nest.json", "{\"schema\": \"ringzero.run/1\", \"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}"),
                "nest.json: is beyond what a run file can be");
    }

    @Test
    void devicesAndFifosAreNotOpened() throws Exception {
        assertBad(Path.of("/dev/zero"), "is not a regular file");
        assertBad(Path.of("/dev/urandom"), "is not a regular file");
        Path fifo = dir.resolve("fifo.json");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        // a reader that opened it would block here for ever; the test's timeout is the proof
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertBad(fifo, "is not a regular file"));
    }

    @Test
    void filesOverTheSizeLimitAreRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(RunFileReader.MAX_BYTES + 1); // sparse: nothing is written
        }
        assertBad(big, "big.json: is 256 MiB, more than the 256 MiB a run file may have");
    }

    @Test
    void aLargeValidFileIsReadNotMistakenForBadJson() throws IOException {
        // a 30 MB command line: over Jackson's default 20 MB string limit, within a run file's 256 MiB
        String command = "java " + "x".repeat(30_000_000);
        Path f = write("large.json", "{\"schema\": \"ringzero.run/2\", \"process\": {\"command\": \"" + command
                + "\"}, \"syscalls\": []}");
        assertThat(RunFileReader.read(f).run().process().command()).hasSize(command.length());
    }

    @Test
    void notUtf8() throws IOException {
        Path f = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertBad(f, "latin1.json: is not UTF-8 text");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertBad(Path file, String expected) {
        assertThatThrownBy(() -> RunFileReader.read(file))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains(expected).doesNotContain("\n");
                    assertThat(e.getMessage()).startsWith(file.toString());
                });
    }
}
