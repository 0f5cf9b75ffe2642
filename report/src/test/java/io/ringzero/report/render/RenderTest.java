package io.ringzero.report.render;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderTest {

    static final Ring0Prediction PREDICTION = new Ring0Prediction() {
        public String method() { return "test double <b>"; }
        public Band userS() { return Band.exactly(6.33); }
        public Band systemS() { return Band.exactly(3.12); }
        public Band predictedUserS() { return new Band(6.30, 6.31, 6.32); }
        public Band predictedSystemS() { return new Band(3.0, 3.05, 3.1); }
        public Band speedup() { return new Band(1.003, 1.008, 1.012); }
        public List<String> notes() { return List.of("a note"); }
    };

    @Test
    void ringZeroSectionOnlyWithAPrediction() {
        Report without = Report.of(List.of(Fixtures.load("client")));
        assertThat(Html.render(without)).doesNotContain("id=\"ring0\"");
        assertThat(Markdown.render(without)).doesNotContain("## Ring 0");
        assertThat(JsonSummary.render(without)).doesNotContain("\"ring0\"");

        Report with = Report.of(List.of(Fixtures.load("client")), PREDICTION);
        assertThat(Html.render(with)).contains("<section id=\"ring0\">", "test double &lt;b&gt;", "3.05", "a note");
        assertThat(Markdown.render(with)).contains("## Ring 0", "| System | 3.12 s | 3.00 / 3.05 / 3.10 |");
        assertThat(JsonSummary.render(with)).contains("\"ring0\"", "\"predicted_system_s\"");
    }

    @Test
    void htmlIsSelfContained() {
        String html = Html.render(Report.of(List.of(Fixtures.load("client"), Fixtures.load("server"))));
        assertThat(html).doesNotContainPattern("(?i)<script[^>]+src=").doesNotContainPattern("(?i)<link[^>]+href=")
                .doesNotContain("http://").doesNotContain("https://cdn")
                .contains("var uPlot=") // inlined from the webjar
                .contains("id=\"timeline-v0\"", "id=\"kinds-v0\"", "id=\"timeline-v2\"");
    }

    @Test
    void partialRunIsFlagged() {
        Report r = Report.of(List.of(Fixtures.load("partial")));
        assertThat(Html.render(r)).contains("Not a final run file");
        assertThat(Markdown.render(r)).contains("**Not a final run file**");
        assertThat(Html.render(r)).contains("java.nio.channels.AsynchronousFileChannel");
    }

    @Test
    void cpuTableFollowsTheSeedArticle() {
        String md = Markdown.render(Report.of(List.of(Fixtures.load("client"))));
        // CPU = User + System, as Table 2 of the KML AMD64 article
        assertThat(md).contains("| run | CPU | User | System | System share |", "| client | 9.45 | 6.33 | 3.12 | 33.0% |");
    }

    @Test
    void terminalTableHasTheStraceColumns() {
        String t = TerminalTable.render(Report.of(List.of(Fixtures.load("partial"))));
        assertThat(t.lines().toList().get(1)).containsSubsequence("calls", "% calls", "calls/s", "bytes", "bytes/call",
                "errors", "p50", "p99", "syscall");
        assertThat(t).containsPattern("40000 +50\\.6% +10,000 +313 MiB +8192\\.0 +0 +<\\d");
    }
}
