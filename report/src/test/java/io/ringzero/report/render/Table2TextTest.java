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

    @Test
    void theSavingIsSplitByWhoseSyscallsItRemoves() {
        // the demo's two JVMs on JDK 17, recorded with bpftrace: most of the kernel's count is the JIT's gettid
        List<LoadedRun> runs = List.of(Fixtures.load("demo/jdk17-server"), Fixtures.load("demo/jdk17-client"));
        ModelParameters params = ModelParameters.givenSaving(1000, 0.30, "test");
        List<Prediction> ps = runs.stream().map(r -> RingZeroModel.predict(ModelInputs.fromRunFile(r.run()), params)).toList();
        Ring0Prediction.Split split = ModelSection.split(runs);
        var a = io.ringzero.report.attribution.Attribution.of(runs, java.util.Map.of());
        assertThat(split.total()).isEqualTo(a.total()).isEqualTo(132_127);
        long jvm = 0;
        for (var t : a.threads()) {
            if (t.category() == io.ringzero.report.attribution.Category.JIT || t.category() == io.ringzero.report.attribution.Category.GC
                    || t.category() == io.ringzero.report.attribution.Category.JVM_OTHER) jvm += t.calls();
        }
        assertThat(split.jvm()).isEqualTo(jvm);
        ModelSection section = ModelSection.combine(ps, List.of("server", "client"), params).withSplit(split);
        String sentence = split.sentence(section.savedCpuS());
        assertThat(sentence).contains(String.format(java.util.Locale.ROOT, "the JVM's own %.0f %% (JIT, GC and VM threads, class loading)", 100.0 * jvm / split.total()))
                .doesNotContain("native libraries'");
        assertThat(Table2Text.render(section)).contains(sentence);
        assertThat(Markdown.render(Report.of(runs, section))).contains("the JVM's own");
        assertThat(Summary.of(Report.of(runs, section)).lines()).anyMatch(l -> l.startsWith("Ring 0: ") && l.contains("of it from the JVM's own syscalls"));
        // native libraries' calls (by their stacks) are a part of their own once there are any
        assertThat(new Ring0Prediction.Split(100, 20, 50, 30).sentence(1.0)).contains("the application's threads 50 %",
                "native libraries' 10 % (JNI, by their stacks), the JVM's own 25 %", "RingZero's 15 %");
        // without per-thread counts there is no split
        assertThat(ModelSection.split(List.of(Fixtures.load("client")))).isNull();
    }
}
