package io.ringzero.report.cli;

import io.ringzero.report.render.ModelSection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.report.Fixtures;
import io.ringzero.report.model.ModelInputs;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.RingZeroModel;
import io.ringzero.report.render.Html;
import io.ringzero.report.render.JsonSummary;
import io.ringzero.report.render.Markdown;
import io.ringzero.report.render.Report;
import io.ringzero.report.runfile.LoadedRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's CPU profile: the flame graphs it writes and links, and the model's measured bound beside the counts. */
class ReportProfileTest {

    @TempDir
    Path dir;

    @Test
    void theReportWritesBothFlameGraphsAndLinksThem() throws IOException {
        Path out = dir.resolve("rep");
        CliRun r = CliRun.of("report", Fixtures.path("profiled").toString(), "--no-model", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();

        assertThat(out.resolve("profiled.cpu.html")).isRegularFile();
        assertThat(out.resolve("profiled.sites.html")).isRegularFile();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("<a href=\"profiled.cpu.html\">CPU flame graph</a>",
                "<a href=\"profiled.sites.html\">Flame graph of the syscall call sites</a>",
                "<a href=\"#profile\">CPU profile</a>",
                "200 samples, 50.0% (system time is 50.0% of the CPU time)",
                "50 samples, 25.0% of the kernel samples; 28.6% counting the 10 samples on syscall wrappers");
        assertThat(html).doesNotContain("<script>document.body");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("- [CPU flame graph](profiled.cpu.html) (async-profiler's samples",
                "- [Flame graph of the syscall call sites](profiled.sites.html)", "| write | 135 | 67.5% |");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/runs/0/profile/flame_graphs/cpu/file").asText()).isEqualTo("profiled.cpu.html");
        assertThat(summary.at("/runs/0/profile/entry_exit_share_of_kernel").asDouble()).isEqualTo(0.25);
    }

    @Test
    void profileOffStillRendersAndSaysWhyTheCpuGraphIsAbsent() throws IOException {
        Path out = dir.resolve("rep");
        CliRun r = CliRun.of("report", Fixtures.path("profile-off").toString(), "--no-model", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();

        assertThat(out.resolve("profile-off.cpu.html")).doesNotExist();
        assertThat(out.resolve("profile-off.sites.html")).isRegularFile();
        assertThat(Files.readString(out.resolve("index.html")))
                .contains("No CPU profile: profile=off: no CPU profile was taken.",
                        "No CPU flame graph: profile=off: no CPU profile was taken.");
        assertThat(Files.readString(out.resolve("report.md")))
                .contains("- No CPU flame graph: profile=off: no CPU profile was taken");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/runs/0/profile/flame_graphs/cpu/missing").asText()).startsWith("profile=off");
    }

    @Test
    void aProfileOfTheWrongShapeIsOneLineExitTwo() throws IOException {
        String text = Files.readString(Fixtures.path("profiled")).replaceFirst("\"kernel_share\": 0.5", "\"kernel_share\": \"half\"");
        Path bad = Files.writeString(dir.resolve("bad.json"), text);
        CliRun r = CliRun.of("report", bad.toString(), "--no-model", "-o", dir.resolve("rep").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("ringzero report: " + bad).doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    void theRing0SectionSetsTheMeasuredBoundBesideTheCounts() {
        List<LoadedRun> runs = List.of(Fixtures.load("profiled"), Fixtures.load("profile-off"));
        ModelParameters params = ModelParameters.givenSaving(900, 0.30, "test");
        List<Prediction> ps = runs.stream()
                .map(r -> RingZeroModel.predict(ModelInputs.fromRunFile(r.run()), params)).toList();
        Report report = Report.of(runs, ModelSection.combine(ps, List.of("profiled", "profile-off"), params));

        String html = Html.render(report);
        assertThat(html).contains("Measured bound: system time in syscall entry/exit",
                "<td>0.500\u20130.571</td><td>0.900</td><td class=\"l\">counts exceed crossing</td>",
                "profile=off: no CPU profile was taken");
        String md = Markdown.render(report);
        assertThat(md).contains("| profiled | 2.000 | 0.500–0.571 | 0.900 | counts exceed crossing |",
                "| profile-off | 2.000 | - | 0.900 | no profile |");
        String json = JsonSummary.render(report);
        assertThat(json).contains("\"verdict\" : \"counts_exceed_crossing\"", "\"crossing_low_s\" : 0.5");
    }
}
