package io.ringzero.report.render;

import io.ringzero.report.Fixtures;
import io.ringzero.report.model.ModelInputs;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.RingZeroModel;
import io.ringzero.report.runfile.LoadedRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Table2TextTest {

    @Test
    void theRowsAreTheReportsBesideTheArticles() {
        List<LoadedRun> runs = List.of(Fixtures.load("profiled"), Fixtures.load("client"));
        ModelParameters params = ModelParameters.givenSaving(100, 0.30, "test");
        List<Prediction> ps = runs.stream().map(r -> RingZeroModel.predict(ModelInputs.fromRunFile(r.run()), params)).toList();
        ModelSection section = ModelSection.combine(ps, List.of("profiled", "client"), params);

        String text = Table2Text.render(section);
        String md = Markdown.render(Report.of(runs, section));
        for (Ring0Prediction.Row r : List.of(section.measured(), section.scenarios().get(0), section.scenarios().get(1))) {
            String line = text.lines().filter(l -> l.startsWith(r.label() + " ")).findFirst().orElseThrow();
            assertThat(line).contains(Html.band(r.cpuS()).replace('\u2013', '-'), Html.ratio(r.speedup()).replace('\u2013', '-'));
            assertThat(md).contains("| " + r.label() + " | " + Html.band(r.cpuS()).replace("[", "\\[").replace("]", "\\]"));
        }
        assertThat(text).contains("the article: MySQL, original Linux   753.86", "the article: MySQL on KML",
                "728.61", "1.035");
        double cpu = section.measured().cpuS().mid();
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "%,.0f counted syscalls per CPU-second",
                section.calls() / cpu), "a saving of 100 ns each", "the article measured 3.35 %");
    }
}
