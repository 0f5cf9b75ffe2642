package io.ringzero.report.render;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderTest {

    static final Ring0Prediction PREDICTION = new Ring0Prediction() {
        public String method() { return "test double <b>"; }
        public Row measured() {
            return new Row("measured", Band.exactly(6.33), Band.exactly(3.12), Band.exactly(9.45), Band.exactly(1));
        }
        public List<Row> scenarios() {
            return List.of(new Row("ring 0, call path", new Band(6.30, 6.31, 6.32), new Band(3.0, 3.05, 3.1),
                    new Band(9.30, 9.36, 9.42), new Band(1.003, 1.010, 1.016)));
        }
        public List<String> warnings() { return List.of("calibration from another machine"); }
        public List<String> notes() { return List.of("a note"); }
    };

    @Test
    void withPerThreadKernelCountsTheJvmsThreadsAreSourcesAndEveryFormatSaysWhoMakesTheSyscalls() {
        Report r = Report.of(List.of(Fixtures.load("with-threads")), null);
        List<String> lines = Summary.of(r).lines();
        assertThat(lines.get(0)).contains("57,346 counted by bpftrace").contains("a known source (Java-level I/O, the JVM's threads, thread sync, RingZero) made 99.7% of them");
        assertThat(lines).filteredOn(l -> l.startsWith("Source ")).containsExactly(
                "Source 1: 53.2% of the syscalls the kernel counted, JIT compiler threads (gettid 30,000, futex 500).",
                "Source 2: 26.2% of the syscalls the kernel counted, write at com.example.Logger.flush(Logger.java:10) through java.io.FileOutputStream.write (estimated).",
                "Source 3: 8.72% of the syscalls the kernel counted, write at com.example.Store.save(Store.java:77) through java.io.FileOutputStream.write (estimated).");
        String md = Markdown.render(r);
        assertThat(md).contains("### Who makes the syscalls", "| `jit` JIT compiler threads | 1 | 30,500 | 53.2% |",
                "| main | 500 | `unexplained` | 24,246 |",
                "| `thread_sync` application threads parking, waiting on monitors, sleeping, yielding |  | 2,500 | 4.36% |",
                "| `unexplained` application threads, outside Java-level I/O | 2 | 146 | 0.25% |");
        String html = Html.render(r);
        assertThat(html).contains("Who makes the syscalls", "&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        assertThat(TerminalTable.render(r)).contains("by category: java_io 41.9%, agent 0.35%, jit 53.2%, thread_sync 4.36%, unexplained 0.25%");
    }

    @Test
    void aNativeLibraryWhoseStacksMakeManySyscallsIsASource() {
        // main (tid 500) also made 6,000 pwrite64 calls from SQLite's JNI library, by their stacks
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("with-threads");
        com.fasterxml.jackson.databind.node.ObjectNode ko = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("kernel_oracle");
        ko.put("total", ko.get("total").asLong() + 6000);
        ((com.fasterxml.jackson.databind.node.ObjectNode) ko.get("syscalls")).put("pwrite64", 6000);
        for (com.fasterxml.jackson.databind.JsonNode t : ko.get("threads")) {
            if (t.get("tid").asLong() == 500) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) t).put("calls", t.get("calls").asLong() + 6000);
                ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("syscalls")).put("pwrite64", 6000);
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode stack = ko.putArray("stacks").addObject().put("tid", 500)
                .put("syscall", "pwrite64").put("calls", 6000);
        stack.putArray("frames").add("__libc_pwrite (libc.so.6)").add("[unknown] (libsqlitejdbc.so)");
        Report r = Report.of(List.of(Fixtures.loaded(tree)), null);
        assertThat(Summary.of(r).lines()).filteredOn(l -> l.startsWith("Source ")).contains(
                "Source 3: 9.47% of the syscalls the kernel counted, the native library libsqlitejdbc.so (pwrite64 6,000).");
    }

    @Test
    void theSummaryComesFirstAndSaysTheSameInEveryFormat() {
        Report r = Report.of(List.of(Fixtures.load("server"), Fixtures.load("client")), PREDICTION);
        List<String> lines = Summary.of(r).lines();

        assertThat(lines.get(0)).startsWith("Syscalls: ");
        CpuTime server = CpuTime.of(r.runs().get(0).run());
        CpuTime client = CpuTime.of(r.runs().get(1).run());
        double system = server.systemS() + client.systemS();
        double cpu = server.totalS() + client.totalS();
        assertThat(lines.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "System time: %s of the CPU (%.2f s of %.2f s).",
                Fmt.percent(system / cpu), system, cpu));
        assertThat(lines).filteredOn(l -> l.startsWith("Source ")).hasSize(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo(
                "Ring 0: 0.95 % of the CPU saved with syscalls as calls (band 0.32-1.59 %; Table 2 in the Ring 0 section)."));
        assertThat(lines.get(lines.size() - 1)).startsWith("Finding: ");

        String md = Markdown.render(r);
        String html = Html.render(r);
        String text = TerminalTable.render(r);
        assertThat(md.indexOf("## Summary")).isLessThan(md.indexOf("## Runs"));
        assertThat(html.indexOf("id=\"summary\"")).isPositive().isLessThan(html.indexOf("id=\"runs\""));
        for (String line : lines) {
            assertThat(md).contains("- " + Escape.markdown(line));
            assertThat(html).contains("<li>" + Escape.html(line) + "</li>");
            assertThat(text).contains(TerminalTable.plain(line));
        }
        assertThat(text).startsWith(lines.get(0));
    }

    @Test
    void ringZeroSectionOnlyWithAPrediction() {
        Report without = Report.of(List.of(Fixtures.load("client")));
        assertThat(Html.render(without)).doesNotContain("id=\"ring0\"");
        assertThat(Markdown.render(without)).doesNotContain("## Ring 0");
        assertThat(JsonSummary.render(without)).doesNotContain("\"ring0\"");

        Report with = Report.of(List.of(Fixtures.load("client")), PREDICTION);
        assertThat(Html.render(with)).contains("<section id=\"ring0\">", "test double &lt;b&gt;",
                "<td>3.05 [3.00\u20133.10]</td>", "a note", "calibration from another machine");
        assertThat(Markdown.render(with)).contains("## Ring 0", "| measured | 9.45 | 6.33 | 3.12 | 1.000 |",
                "| ring 0, call path | 9.36 \\[9.30\u20139.42\\] | 6.31 \\[6.30\u20136.32\\] | 3.05 \\[3.00\u20133.10\\] | 1.010 \\[1.003\u20131.016\\] |",
                "> **Warning:** calibration from another machine");
        assertThat(JsonSummary.render(with)).contains("\"ring0\"", "\"rows\"", "\"warnings\"");
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
        assertThat(TerminalTable.render(r)).contains("partial.json is not a final run file");
    }

    @Test
    void cpuTableFollowsTheSeedArticle() {
        String md = Markdown.render(Report.of(List.of(Fixtures.load("client"))));
        // CPU = User + System, as Table 2 of the KML AMD64 article
        assertThat(md).contains("| run | CPU | User | System | System share |", "| client | 9.45 | 6.33 | 3.12 | 33.0% |");
    }

    @Test
    void filesAndSocketsListsResourcesWithTheirSamplingError() {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("partial");
        var site = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/syscalls/0/sites/0");
        var used = site.putArray("resources");
        used.addObject().put("resource", "/data/index.bin").put("calls", 40_000).put("walked", 100);
        used.addObject().put("resource", "tcp 127.0.0.1:5000 -> 127.0.0.1:8080").put("calls", 12).put("walked", 12);
        Report r = Report.of(List.of(Fixtures.loaded(tree)));
        String kind = tree.at("/syscalls/0/name").asText();
        // 2 x 40,000 / sqrt(100) = 8,000; every one of the socket's 12 calls was walked: no error
        assertThat(Html.render(r)).contains("<h3 id=\"files-and-sockets\">Files and sockets</h3>")
                .contains("<tr><td>40,000 \u00b1 8,000</td><td>100</td><td class=\"l\">" + kind + " 40,000</td><td class=\"name\">/data/index.bin</td></tr>")
                .contains("<tr><td>12</td><td>12</td><td class=\"l\">" + kind + " 12</td><td class=\"name\">tcp 127.0.0.1:5000 -&gt; 127.0.0.1:8080</td></tr>")
                .contains("Used: <code class=\"resource\">/data/index.bin</code> (about 40,000)")
                .contains("Top resources: <code class=\"resource\">/data/index.bin</code> (40,000 \u00b1 8,000); "
                        + "<code class=\"resource\">tcp 127.0.0.1:5000 -&gt; 127.0.0.1:8080</code> (12)");
        assertThat(Markdown.render(r)).contains("### Files and sockets")
                .contains("| 40,000 ± 8,000 | 100 | " + kind + " 40,000 | /data/index.bin |")
                .contains("  - used: /data/index.bin (about 40,000); tcp 127.0.0.1:5000 -&gt; 127.0.0.1:8080 (about 12)")
                .contains("Top resources: /data/index.bin (40,000 ± 8,000); tcp 127.0.0.1:5000 -&gt; 127.0.0.1:8080 (12)");
        assertThat(Markdown.render(Report.of(List.of(Fixtures.load("partial"))))).contains(ReportText.NO_RESOURCES);
        // the first screen: the top source names its file, the terminal lists the top files and sockets
        assertThat(Summary.of(r).lines()).anyMatch(l -> l.startsWith("Source 1: ") && l.contains(" on /data/index.bin and 1 other"));
        assertThat(TerminalTable.render(r)).contains("files and sockets (estimated from the stack walks): /data/index.bin 40,000, "
                + "tcp 127.0.0.1:5000 -> 127.0.0.1:8080 12\n");
        assertThat(TerminalTable.render(Report.of(List.of(Fixtures.load("partial"))))).doesNotContain("files and sockets");
    }

    @Test
    void theThreadsFromProcShowWhoUsedTheCpuAndWhatMeasuringCost() {
        // evil.json: 1.92 s of CPU; an application thread 0.60 s, RingZero's recorder 0.40 s, C2 0.62 s, 0.30 s in ended threads
        Report r = Report.of(List.of(Fixtures.load("evil")));
        ThreadTimes t = ThreadTimes.of(r.runs());
        assertThat(t.rows()).extracting(ThreadTimes.Row::tid).containsExactly(4245L, 4243L, 4244L);
        assertThat(t.agentShare()).isCloseTo(0.40 / 1.92, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.byGroup()).isEqualTo("the application's threads 0.60 s, JIT compiler threads 0.62 s, RingZero's threads 0.40 s, "
                + "threads that had ended 0.30 s");
        assertThat(Markdown.render(r)).contains("### Threads", "| C2 CompilerThre | 4245 | `jit` |  | 0.60 | 0.02 | 3 | 0 |",
                "| ringzero-record | 4244 | `agent` | yes | 0.30 | 0.10 | 40 | 4 |");
        assertThat(Html.render(r)).contains("&lt;img src=x onerror=document.body.setAttribute(&#39;data-pwned&#39;,&#39;4&#39;)&gt;")
                .doesNotContain("<img src=x");
        // RingZero's threads used 21 % of the CPU: the first screen says so
        assertThat(Summary.of(r).lines()).contains("Measuring cost: RingZero's own threads used 20.8% of the CPU (0.40 s), inside the times above.");
        // the tracer measured its own program on the 9,000 syscalls: 0.18 s more of RingZero's, 20 µs a syscall
        com.fasterxml.jackson.databind.node.ObjectNode traced = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("evil");
        ((com.fasterxml.jackson.databind.node.ObjectNode) traced.get("kernel_oracle")).put("tracer_s", 0.18);
        Report withTracer = Report.of(List.of(Fixtures.loaded(traced)));
        assertThat(Summary.of(withTracer).lines()).contains("Measuring cost: RingZero used 30.2% of the CPU, inside the times "
                + "above (its own threads 0.40 s, its kernel tracer 0.18 s, 20 µs a syscall): the application alone runs faster than this run.");
        assertThat(JsonSummary.render(withTracer)).contains("\"tracer_s\" : 0.18");
        assertThat(JsonSummary.render(r)).contains("\"by_group\" : {", "\"group\" : \"agent\"");
        // evil.json has kernel totals; a run without them says what is missing
        assertThat(Markdown.render(r)).doesNotContain("No kernel counts");
        assertThat(Markdown.render(Report.of(List.of(Fixtures.load("partial"))))).contains("No kernel counts: the counts above");
        // a run file without the table (before 2.2) has no section and no line
        assertThat(ThreadTimes.of(List.of(Fixtures.load("partial")))).isNull();
        assertThat(Summary.of(Report.of(List.of(Fixtures.load("partial")))).lines()).noneMatch(l -> l.startsWith("Measuring cost"));
    }

    @Test
    void terminalTableHasTheStraceColumns() {
        String t = TerminalTable.render(Report.of(List.of(Fixtures.load("partial"))));
        assertThat(t.lines().filter(l -> l.contains("calls/s")).findFirst().orElseThrow()).containsSubsequence("calls", "% calls", "calls/s", "bytes", "bytes/call",
                "errors", "p50", "p99", "syscall");
        assertThat(t).containsPattern("40000 +50\\.6% +10,000 +313 MiB +8192\\.0 +0 +<\\d");
    }
}
