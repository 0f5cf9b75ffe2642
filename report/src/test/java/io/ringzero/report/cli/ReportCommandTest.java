package io.ringzero.report.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSummaryListsTheResourcesOfTheViewAndOfEachSite() throws IOException {
        Path out = dir.resolve("res");
        CliRun r = CliRun.of("report", Fixtures.path("agent/jdk17").toString(), "-o", out.toString(), "--no-model");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode view = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).at("/views/0");
        JsonNode devNull = null;
        for (JsonNode res : view.get("resources")) {
            if (res.get("resource").asText().equals("/dev/null")) {
                devNull = res;
            }
        }
        assertThat(devNull).as("/dev/null in %s", view.get("resources")).isNotNull();
        // Writes.java writes to /dev/null for a second: sampled, so an estimate with its error
        assertThat(devNull.get("calls").asLong()).isEqualTo(devNull.at("/by_kind/write").asLong() + devNull.at("/by_kind/openat").asLong());
        assertThat(devNull.get("walked").asLong()).isLessThan(devNull.get("calls").asLong());
        assertThat(devNull.get("error").asLong()).isEqualTo(Math.round(2 * devNull.get("calls").asLong() / Math.sqrt(devNull.get("walked").asLong())));
        JsonNode write = view.get("syscalls").findParents("name").stream().filter(k -> k.get("name").asText().equals("write")).findFirst().orElseThrow();
        assertThat(write.at("/top_sites/0/resources/0/resource").asText()).isEqualTo("/dev/null");
    }

    @Test
    void oneRunGivesItsFilesAndATable() throws IOException {
        Path out = dir.resolve("rep");
        CliRun r = CliRun.of("report", Fixtures.path("client").toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("calls  % calls    calls/s       bytes bytes/call   errors       p50       p99  syscall")
                .containsPattern("186342 +94\\.8% +15,028 +1\\.1 MiB +6\\.0 +0 +<2\\.0µs +<33µs +read")
                .contains("kernel (perf): 211,963 syscalls in the whole process; Java-level counts explain");
        assertThat(out.resolve("index.html")).isRegularFile();
        assertThat(out.resolve("report.md")).isRegularFile();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("schema").asText()).isEqualTo("ringzero.summary/1");
        assertThat(summary.get("views")).hasSize(1);
        JsonNode read = summary.at("/views/0/syscalls/0");
        assertThat(read.get("name").asText()).isEqualTo("read");
        assertThat(read.get("calls").asLong()).isEqualTo(186_342);
        assertThat(read.get("top_sites").get(0).get("frames").get(0).asText()).contains("PacketReader.readInt");
        assertThat(summary.at("/views/0/coverage/kernel_total").asLong()).isEqualTo(211_963);
        assertThat(summary.at("/runs/0/cpu/system_s").asDouble()).isEqualTo(3.12);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    // the call-site flame graph from the run file's sites; no temporary file left behind
                    "index.html", "report.md", "summary.json", "client.sites.html");
        }
    }

    @Test
    void severalRunsGiveACombinedViewAndOnePerRun() throws IOException {
        Path out = dir.resolve("rep");
        CliRun r = CliRun.of("report", Fixtures.path("client").toString(), Fixtures.path("server").toString(),
                "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("combined (2 runs): 1,032,417 Java-level syscalls", "client: 196,609",
                "server: 835,808");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("views")).hasSize(3);
        JsonNode combined = summary.at("/views/0");
        assertThat(combined.get("combined").asBoolean()).isTrue();
        assertThat(combined.get("calls").asLong()).isEqualTo(196_609 + 835_808);
        // read: 186,342 in the client + 201,477 in the server, with sites of both runs
        JsonNode read = null;
        for (JsonNode k : combined.get("syscalls")) {
            if (k.get("name").asText().equals("read")) {
                read = k;
            }
        }
        assertThat(read.get("calls").asLong()).isEqualTo(186_342 + 201_477);
        assertThat(read.get("errors").asLong()).isEqualTo(188_020);
        assertThat(read.get("top_sites").findValuesAsText("run")).contains("client", "server");
        // the server has no kernel counts, so a combined coverage would be a partial sum: none is shown
        assertThat(combined.has("coverage")).isFalse();
        assertThat(summary.at("/views/1/coverage")).isNotNull();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("Combined: all 2 runs", "Run client", "Run server", "all runs");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Combined: all 2 runs", "## Run client", "## Run server", "| **all runs** | 27.37 |");
    }

    @Test
    void runFilesOfTheSameNameGetDistinctLabels() throws IOException {
        // ringzero run names every run file run.json
        Path a = Files.createDirectories(dir.resolve("server"));
        Path b = Files.createDirectories(dir.resolve("client"));
        Files.copy(Fixtures.path("server"), a.resolve("run.json"));
        Files.copy(Fixtures.path("client"), b.resolve("run.json"));
        Path out = dir.resolve("rep");
        CliRun r = CliRun.of("report", a.resolve("run.json").toString(), b.resolve("run.json").toString(),
                "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("server/run: 835,808", "client/run: 196,609");
        assertThat(Files.readString(out.resolve("index.html"))).contains("Run server/run", "Run client/run");
    }

    @Test
    void defaultOutputDirectoryIsRingzeroReport() {
        // picocli's default, checked without writing into the working directory
        ReportCommand cmd = new ReportCommand();
        new picocli.CommandLine(cmd).parseArgs("x.json");
        assertThat(cmd.output).isEqualTo(Path.of("ringzero-report"));
    }

    @Test
    void badInputIsOneLineExitTwoAndLeavesTheOldReport() throws Exception {
        Path out = Files.createDirectories(dir.resolve("rep"));
        Files.writeString(out.resolve("index.html"), "old report");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        Path truncated = Files.writeString(dir.resolve("cut.json"), "{\"schema\": \"ringzero.run/1\", \"syscalls\": [");
        Path notRun = Files.writeString(dir.resolve("package.json"), "{\"name\": \"x\"}");
        Path newer = Files.writeString(dir.resolve("new.json"), "{\"schema\": \"ringzero.run/3\", \"syscalls\": []}");
        Path missing = dir.resolve("missing.json");
        String whole = Files.readString(Fixtures.path("partial"));
        Path negative = Files.writeString(dir.resolve("negative.json"), whole.replaceFirst("\"calls\": \\d+", "\"calls\": -5"));
        Path trailing = Files.writeString(dir.resolve("trailing.json"), whole + "\ngarbage");
        Path twoObjects = Files.writeString(dir.resolve("two.json"), whole + whole);
        Path fifo = dir.resolve("fifo.json");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        for (Path bad : new Path[] {missing, empty, truncated, notRun, newer, negative, trailing, twoObjects, fifo,
                Path.of("/dev/zero"), Path.of("/dev/urandom")}) {
            // a good file first: nothing may be written when any input is bad
            CliRun r = CliRun.of("report", Fixtures.path("client").toString(), bad.toString(), "-o", out.toString());
            assertThat(r.exit()).as(bad.toString()).isEqualTo(2);
            assertThat(r.err().strip()).as(bad.toString()).startsWith("ringzero report: " + bad).doesNotContain("\n")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
            assertThat(Files.readString(out.resolve("index.html"))).isEqualTo("old report");
            assertThat(out.resolve("report.md")).doesNotExist();
        }
    }

    @Test
    void aTenThousandFrameSiteIsReportedCut() throws IOException {
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            frames.append(i == 0 ? "" : ",").append("\"a.B.m").append(i).append("(B.java:1)\"");
        }
        Path deep = Files.writeString(dir.resolve("deep.json"), "{\"schema\": \"ringzero.run/2\", \"final\": true, "
                + "\"syscalls\": [{\"name\": \"write\", \"calls\": 7, \"sites\": [{\"calls\": 7, \"walked\": 7, "
                + "\"frames\": [" + frames + "]}]}]}");
        Path out = dir.resolve("deep-report");
        CliRun r = CliRun.of("report", deep.toString(), "--no-model", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("deep.sites.html"))).contains("more frames cut");
    }

    @Test
    void unwritableOutputDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun r = CliRun.of("report", Fixtures.path("client").toString(), "-o", file.resolve("sub").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("ringzero report: " + file.resolve("sub")).contains("cannot create")
                .doesNotContain("\n").doesNotContain("Exception");
        CliRun r2 = CliRun.of("report", Fixtures.path("client").toString(), "-o", file.toString());
        assertThat(r2.exit()).isEqualTo(2);
        assertThat(r2.err().strip()).startsWith("ringzero report: " + file).doesNotContain("\n");
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertThat(CliRun.of("report").exit()).isEqualTo(2);
        assertThat(CliRun.of("report", "--bogus", "x.json").exit()).isEqualTo(2);
    }
}
