package io.ringzero.report.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.ringzero.report.render.Escape.html;

/**
 * {@code index.html}: one self-contained page (styles, uPlot and the chart data inline) that works offline.
 * Every string from a run goes through {@link Escape#html} or, for chart data, {@link Escape#scriptJson}.
 */
public final class Html {

    static final int SITES_PER_KIND = 5;
    static final int BAR_KINDS = 12;
    static final int THREAD_ROWS = 15;
    static final int COVERAGE_ROWS = 20;

    private Html() {
    }

    public static String render(Report report) {
        ChartLibrary lib = ChartLibrary.load();
        String pageScript = resource("report.js");
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // No network, and only the two scripts we wrote may run: a script that slipped into the page
                // through a run's strings would have another hash. Escaping is the first line; this the second.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
                .append(sha256(lib.script())).append(' ').append(sha256(pageScript))
                .append("; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>RingZero report</title>\n")
                .append("<style>\n").append(lib.css()).append("\n").append(resource("report.css")).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
        h.append("<h1>RingZero report</h1>\n<p class=\"sub\">");
        h.append(report.runs().size() == 1 ? "One run" : report.runs().size() + " runs (one JVM each)")
                .append(": Java-level syscalls counted by the RingZero agent, by kind and call site.</p>\n");

        h.append("<h2 id=\"summary\">Summary</h2>\n<ul class=\"summary\">\n");
        for (String line : Summary.of(report).lines()) {
            h.append("<li>").append(html(line)).append("</li>\n");
        }
        h.append("</ul>\n");
        h.append("<nav><a href=\"#runs\">Runs</a> \u00b7 <a href=\"#profile\">CPU profile</a>");
        for (int i = 0; i < report.views().size(); i++) {
            View v = report.views().get(i);
            h.append(" \u00b7 <a href=\"#v").append(i).append("\">")
                    .append(v.combined() ? "Combined" : html(v.label())).append("</a>");
        }
        if (report.prediction() != null) {
            h.append(" \u00b7 <a href=\"#ring0\">Ring 0</a>");
        }
        h.append("</nav>\n");
        h.append("<h2 id=\"runs\">Runs</h2>\n<div class=\"runs\">\n");
        for (LoadedRun r : report.runs()) {
            runCard(h, r);
        }
        h.append("</div>\n");
        cpuTable(h, report);
        profiles(h, report.profiles());

        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode views = data.putArray("views");
        int expected = 0;
        for (int i = 0; i < report.views().size(); i++) {
            View v = report.views().get(i);
            String id = "v" + i;
            view(h, v, id);
            views.add(chartData(v, id));
            expected += (v.timeline().isEmpty() ? 0 : 1) + (v.kinds().isEmpty() ? 0 : 1);
        }
        data.put("expected", expected);
        if (report.prediction() != null) {
            ring0(h, report.prediction());
        }
        h.append("<footer>Charts drawn with uPlot ").append(html(lib.version()))
                .append(" (MIT licence), inlined in this file. Latency percentiles are the upper bounds of the agent's ")
                .append("log2 histogram buckets; call-site counts are estimates scaled from sampled stack walks.</footer>\n");
        h.append("</main>\n<script>").append(lib.script()).append("</script>\n");
        h.append("<script type=\"application/json\" id=\"ringzero-data\">").append(Escape.scriptJson(data)).append("</script>\n");
        h.append("<script>").append(pageScript).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void runCard(StringBuilder h, LoadedRun lr) {
        Run r = lr.run();
        Run.Process p = r.process();
        Run.Machine m = r.machine();
        h.append("<div class=\"card\">\n<h3>").append(html(lr.label())).append("<span class=\"pill\">")
                .append(html(lr.file().getFileName().toString())).append("</span></h3>\n");
        if (!r.isFinal()) {
            h.append("<p class=\"warn\">").append(ReportText.NOT_FINAL_TITLE).append(": ").append(ReportText.NOT_FINAL)
                    .append("</p>\n");
        }
        h.append("<dl class=\"kv\">\n");
        kv(h, "Command", p == null ? null : p.command(), true);
        if (p != null && p.jvm() != null) {
            kv(h, "JVM", p.jvm().name() + " " + p.jvm().version() + " (" + p.jvm().vendor() + ")", false);
        }
        if (m != null) {
            kv(h, "Kernel", m.kernel(), false);
            kv(h, "CPU", m.cpuModel() + (m.cpus() == null ? "" : " \u00d7 " + m.cpus()), false);
        }
        String duration = String.format(Locale.ROOT, r.window() == null ? "%.2f s measured (agent start to last write)"
                : "%.2f s measured (attach window " + r.window().number() + ", from its start to its last write)", Views.windowS(r));
        if (p != null && p.uptimeS() != null) {
            duration += String.format(Locale.ROOT, "; JVM up %.2f s", p.uptimeS());
        }
        kv(h, "Duration", duration, false);
        if (p != null && p.kml() != null) {
            kv(h, "Ring 0", p.kml().ring0() ? "yes: runs under Kernel Mode Linux" : "no (ordinary user mode)", false);
        }
        if (r.agent() != null) {
            kv(h, "Agent", "RingZero agent " + r.agent().version() + (r.agent().options() == null ? ""
                    : ", options " + new TreeMap<>(r.agent().options()).entrySet().stream()
                    .map(e -> e.getValue() == null || e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", "))), false);
            kv(h, "Sampling", "latency timed on 1 call in " + r.agent().latencySampleEvery()
                    + "; stacks: first " + r.agent().siteAlwaysFirst() + " per thread and kind, then 1 in "
                    + r.agent().siteSampleEvery(), false);
        }
        if (r.kernelOracle() != null) {
            kv(h, "Kernel counts", "recorded with " + r.kernelOracle().tool(), false);
        }
        h.append("</dl>\n");
        if (m != null && m.vulnerabilities() != null && !m.vulnerabilities().isEmpty()) {
            h.append("<details><summary>CPU vulnerabilities and mitigations (")
                    .append(m.vulnerabilities().size()).append(")</summary>\n<dl class=\"kv\">\n");
            for (Map.Entry<String, String> e : new TreeMap<>(m.vulnerabilities()).entrySet()) {
                kv(h, e.getKey(), e.getValue(), false);
            }
            h.append("</dl>\n</details>\n");
        }
        if (r.uncovered() != null && !r.uncovered().isEmpty()) {
            h.append("<p class=\"warn\">Not instrumented on this JVM (their calls are missing): ")
                    .append(html(String.join(", ", r.uncovered()))).append("</p>\n");
        }
        h.append("</div>\n");
    }

    private static void kv(StringBuilder h, String key, String value, boolean mono) {
        h.append("<dt>").append(html(key)).append("</dt><dd").append(mono ? " class=\"mono\"" : "").append(">")
                .append(value == null ? "-" : html(value)).append("</dd>\n");
    }

    private static void cpuTable(StringBuilder h, Report report) {
        h.append("<h3>CPU time</h3>\n<p class=\"note\">").append(html(ReportText.CPU_TIME_NOTE)).append("</p>\n");
        h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">run</th><th>CPU</th><th>User</th><th>System</th>"
                + "<th>System share</th></tr>\n");
        double user = 0;
        double system = 0;
        for (LoadedRun r : report.runs()) {
            CpuTime c = CpuTime.of(r.run());
            cpuRow(h, r.label(), c, false);
            user += c.userS();
            system += c.systemS();
        }
        if (report.runs().size() > 1) {
            cpuRow(h, "all runs", new CpuTime(user, system), true);
        }
        h.append("</table></div>\n");
    }

    /** Per run: the CPU profile's figures, the kinds whose bodies it sampled, and the flame graphs or why not. */
    private static void profiles(StringBuilder h, List<ProfileFacts> profiles) {
        h.append("<h2 id=\"profile\">CPU profile</h2>\n<p class=\"note\">Where the CPU time went, from async-profiler's "
                + "samples of every thread of the process: the kernel's share, and of that the share in syscall entry and "
                + "exit (what ring 0 removes) against the syscalls' own work.</p>\n<div class=\"runs\">\n");
        for (ProfileFacts p : profiles) {
            h.append("<div class=\"card\">\n<h3>").append(html(p.run())).append("</h3>\n");
            if (p.missing() != null) {
                h.append("<p class=\"note\">No CPU profile: ").append(html(p.missing())).append(".</p>\n");
            } else {
                h.append("<dl class=\"kv\">\n");
                p.facts().forEach(f -> kv(h, f.label(), f.value(), false));
                h.append("</dl>\n");
                if (!p.bySyscall().isEmpty()) {
                    h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">syscall body</th><th>samples</th>"
                            + "<th>% of kernel</th><th class=\"l\">top Java chain (innermost first)</th></tr>\n");
                    for (Run.ProfiledSyscall k : p.bySyscall()) {
                        h.append("<tr><td class=\"name\">").append(html(k.name())).append("</td><td>")
                                .append(Fmt.count(k.samples())).append("</td><td>")
                                .append(k.shareOfKernel() == null ? "-" : Fmt.percent(k.shareOfKernel()))
                                .append("</td><td class=\"l mono\">").append(html(ProfileFacts.topChain(k)))
                                .append("</td></tr>\n");
                    }
                    h.append("</table></div>\n");
                }
            }
            if (p.flames() != null) {
                flameLink(h, "CPU flame graph", "CPU flame graph", p.flames().cpu());
                flameLink(h, ReportText.SITES_FLAME_GRAPH, ReportText.SITES_FLAME_GRAPH.toLowerCase(java.util.Locale.ROOT), p.flames().sites());
                if (p.flames().threads().present()) {
                    flameLink(h, ReportText.THREADS_FLAME_GRAPH, ReportText.THREADS_FLAME_GRAPH.toLowerCase(java.util.Locale.ROOT), p.flames().threads());
                }
            }
            h.append("</div>\n");
        }
        h.append("</div>\n");
    }

    private static void flameLink(StringBuilder h, String what, String noun, io.ringzero.report.flame.RunFlameGraphs.Graph g) {
        if (g.present()) {
            h.append("<p><a href=\"").append(html(g.file())).append("\">").append(what).append("</a> <span class=\"note\">(")
                    .append(html(g.source())).append(", drawn by async-profiler's converter)</span></p>\n");
        } else {
            h.append("<p class=\"note\">No ").append(noun)
                    .append(": ").append(html(g.missing())).append(".</p>\n");
        }
    }

    private static void cpuRow(StringBuilder h, String label, CpuTime c, boolean total) {
        h.append(total ? "<tr class=\"total\">" : "<tr>").append("<td class=\"l\">").append(html(label)).append("</td><td>")
                .append(sec(c.totalS())).append("</td><td>").append(sec(c.userS())).append("</td><td>")
                .append(sec(c.systemS())).append("</td><td>").append(Fmt.percent(c.systemShare())).append("</td></tr>\n");
    }

    private static String sec(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.2f", s);
    }

    private static void view(StringBuilder h, View v, String id) {
        h.append("<section id=\"").append(id).append("\">\n<h2>")
                .append(v.combined() ? "Combined: all " + v.runs().size() + " runs" : "Run " + html(v.label()))
                .append("</h2>\n");
        h.append("<p class=\"sub\">").append(Fmt.count(v.calls())).append(" Java-level syscalls (")
                .append(Fmt.rate(v.callsPerSecond(v.calls()))).append("/s), ").append(Fmt.count(v.errors()))
                .append(" failed, ").append(html(Fmt.bytes(v.bytes()))).append(" moved, in ")
                .append(String.format(Locale.ROOT, "%.2f s", v.durationS()))
                .append(v.combined() ? " (the longest run; runs are aligned on their agents' start times)" : "")
                .append(".</p>\n");
        h.append("<div class=\"charts\">\n");
        if (!v.timeline().isEmpty()) {
            h.append("<div class=\"card\"><div class=\"chart\" id=\"timeline-").append(id)
                    .append("\"><h4>Syscalls per second by kind over the run</h4></div></div>\n");
        } else {
            h.append("<p class=\"note\">No snapshots in this run: no timeline.</p>\n");
        }
        if (!v.kinds().isEmpty()) {
            h.append("<div class=\"card\"><div class=\"chart\" id=\"kinds-").append(id).append("\"><h4>Calls and bytes by kind")
                    .append(v.kinds().size() > BAR_KINDS ? " (top " + BAR_KINDS + ")" : "").append("</h4></div></div>\n");
        }
        h.append("</div>\n");
        syscallTable(h, v);
        if (v.coverage() != null) {
            coverage(h, v.coverage());
        } else {
            h.append("<p class=\"warn\">").append(ReportText.NO_KERNEL_COUNTS).append("</p>\n");
        }
        threads(h, ThreadTimes.of(v.runs()));
        sites(h, v);
        filesAndSockets(h, v);
        findings(h, v);
        h.append("</section>\n");
    }

    private static void syscallTable(StringBuilder h, View v) {
        h.append("<h3>Syscalls by kind</h3>\n<div class=\"tablewrap\"><table>\n<tr><th>calls</th><th>% calls</th>"
                + "<th>calls/s</th><th>bytes</th><th>bytes/call</th><th>errors</th><th>p50</th><th>p99</th>"
                + "<th>mean</th><th>time in calls</th><th class=\"l\">syscall</th></tr>\n");
        for (KindStats k : v.kinds()) {
            h.append("<tr><td>").append(Fmt.count(k.calls())).append("</td><td>")
                    .append(Fmt.percent(v.calls() == 0 ? Double.NaN : (double) k.calls() / v.calls())).append("</td><td>")
                    .append(Fmt.rate(v.callsPerSecond(k.calls()))).append("</td><td>")
                    .append(k.movesData() ? html(Fmt.bytes(k.bytes())) : "-").append("</td><td>")
                    .append(k.movesData() ? String.format(Locale.ROOT, "%.1f", k.bytesPerCall()) : "-").append("</td><td>")
                    .append(Fmt.count(k.errors())).append("</td><td>")
                    .append(html(Fmt.below(k.percentileUpperNs(0.5)))).append("</td><td>")
                    .append(html(Fmt.below(k.percentileUpperNs(0.99)))).append("</td><td>")
                    .append(html(Fmt.ns(k.meanNs()))).append("</td><td>")
                    .append(html(Fmt.ns(k.estimatedTimeNs()))).append("</td><td class=\"name\">")
                    .append(html(k.name())).append("</td></tr>\n");
        }
        h.append("<tr class=\"total\"><td>").append(Fmt.count(v.calls())).append("</td><td>100%</td><td>")
                .append(Fmt.rate(v.callsPerSecond(v.calls()))).append("</td><td>").append(html(Fmt.bytes(v.bytes())))
                .append("</td><td></td><td>").append(Fmt.count(v.errors()))
                .append("</td><td></td><td></td><td></td><td></td><td class=\"l\">total</td></tr>\n</table></div>\n");
        h.append("<p class=\"note\">p50/p99: upper bound of the log2 latency bucket holding that share of the timed calls. "
                + "Time in calls: exact count \u00d7 mean of the timed sample (wall time, including blocking).</p>\n");
    }

    private static void coverage(StringBuilder h, Coverage c) {
        double share = c.explainedShare();
        h.append("<h3>Kernel coverage</h3>\n<div class=\"card\"><p>The kernel (").append(html(c.tool())).append(") counted <b>")
                .append(Fmt.count(c.kernelTotal())).append("</b> syscalls for the whole process (all threads, JVM included). ")
                .append(c.attribution() != null ? "Java-level I/O, the JVM's own threads and RingZero's explain <b>"
                        : "The Java-level counts and the agent's own I/O explain <b>").append(Fmt.count(c.explained()))
                .append("</b> of them (<b>").append(Fmt.percent(share)).append("</b>); ")
                .append(c.attribution() != null ? "the rest are the application threads' calls outside Java-level I/O "
                        + "(thread parking, memory management, class loading, native libraries).</p>\n"
                        : "the rest come from the JVM itself (memory management, thread parking, class loading, start-up) "
                        + "or from JDK paths the agent does not see.</p>\n")
                .append("<div class=\"bar\"><span style=\"width:")
                .append(String.format(Locale.ROOT, "%.1f", Double.isNaN(share) ? 0 : Math.min(100, share * 100)))
                .append("%\"></span></div></div>\n");
        h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">syscall</th><th>kernel</th><th>Java (application)</th><th>agent's own</th>"
                + "<th>not explained</th><th>% of process</th></tr>\n");
        // Biggest kinds first, and every kind the agent counted even when small, so each Java count sits beside
        // the kernel's figure for it.
        List<Coverage.Row> byKernel = c.rows().stream().filter(r -> r.kernel() > 0 || r.java() > 0)
                .sorted(java.util.Comparator.comparingLong(Coverage.Row::kernel).reversed()).toList();
        List<Coverage.Row> rows = byKernel.stream()
                .filter(r -> byKernel.indexOf(r) < COVERAGE_ROWS || r.java() > 0 || r.agent() > 0).toList();
        for (Coverage.Row r : rows) {
            h.append("<tr><td class=\"name\">").append(html(r.name())).append("</td><td>").append(Fmt.count(r.kernel()))
                    .append("</td><td>").append(Fmt.count(r.java())).append("</td><td>").append(Fmt.count(r.agent()))
                    .append("</td><td>").append(Fmt.count(r.unexplained())).append("</td><td>")
                    .append(Fmt.percent(c.kernelTotal() == 0 ? Double.NaN : (double) r.kernel() / c.kernelTotal()))
                    .append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        if (byKernel.size() > rows.size()) {
            h.append("<p class=\"note\">").append(byKernel.size() - rows.size()).append(" smaller kinds not shown.</p>\n");
        }
        if (c.attribution() != null) {
            whoMakesTheSyscalls(h, c.attribution());
        }
    }

    /** The kernel's per-thread counts, by category and by thread. */
    private static void whoMakesTheSyscalls(StringBuilder h, Attribution a) {
        h.append("<h3>").append(ReportText.WHO_TITLE).append("</h3>\n<p class=\"note\">").append(ReportText.WHO_NOTE).append("</p>\n");
        h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">category</th><th>threads</th><th>syscalls</th>"
                + "<th>% of process</th><th class=\"l\">top kinds</th></tr>\n");
        for (Category c : Category.values()) {
            long n = a.byCategory().getOrDefault(c, 0L);
            if (n == 0) {
                continue;
            }
            h.append("<tr><td class=\"name\"><code>").append(c.id).append("</code> ").append(html(c.label)).append("</td><td>")
                    .append(c.hasOwnThreads() ? Long.toString(a.threadCount(c)) : "").append("</td><td>").append(Fmt.count(n))
                    .append("</td><td>").append(Fmt.percent((double) n / a.total())).append("</td><td class=\"l\">")
                    .append(html(kinds(a.topKinds(c, 4)))).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        if (!a.libraries().isEmpty()) {
            h.append("<p>Native libraries: ").append(html(StackLines.libraries(a))).append(".</p>\n");
        }
        stacks(h, a);
        h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">thread</th><th>tid</th>"
                + "<th class=\"l\">category</th><th>syscalls</th><th class=\"l\">top kinds</th></tr>\n");
        for (Attribution.Thread t : a.threads().stream().limit(THREAD_ROWS).toList()) {
            h.append("<tr><td class=\"name\">").append(html(t.name())).append("</td><td>").append(t.tid() == 0 ? "" : t.tid())
                    .append("</td><td class=\"l\"><code>").append(t.category().id).append("</code></td><td>")
                    .append(Fmt.count(t.calls())).append("</td><td class=\"l\">").append(html(kinds(t.topKinds(4))))
                    .append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        if (a.threads().size() > THREAD_ROWS) {
            h.append("<p class=\"note\">").append(a.threads().size() - THREAD_ROWS).append(" threads with fewer syscalls not shown.</p>\n");
        }
    }

    /** The top stacks of each category, when the kernel recorded stacks. */
    private static void stacks(StringBuilder h, Attribution a) {
        if (a.stacks().isEmpty()) {
            return;
        }
        h.append("<h3>").append(ReportText.STACKS_TITLE).append("</h3>\n<p class=\"note\">").append(ReportText.STACKS_NOTE)
                .append("</p>\n<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">category</th><th class=\"l\">syscall</th>"
                        + "<th>calls</th><th class=\"l\">thread</th><th class=\"l\">frames, innermost first</th></tr>\n");
        for (Category c : Category.values()) {
            for (Attribution.Stack s : a.topStacks(c, StackLines.PER_CATEGORY)) {
                h.append("<tr><td class=\"l\"><code>").append(c.id).append("</code></td><td class=\"name\">").append(html(s.kind()))
                        .append("</td><td>").append(Fmt.count(s.calls())).append("</td><td class=\"l\">").append(html(s.thread()))
                        .append("</td><td class=\"l\"><code>").append(html(String.join(" \u2190 ", s.frames()))).append("</code></td></tr>\n");
            }
        }
        h.append("</table></div>\n");
    }

    private static void threads(StringBuilder h, ThreadTimes t) {
        if (t == null) {
            return;
        }
        h.append("<h3>").append(ReportText.THREADS_TITLE).append("</h3>\n<p class=\"note\">").append(ReportText.THREADS_NOTE)
                .append("</p>\n<p>CPU by thread: ").append(html(t.byGroup())).append(" of ")
                .append(String.format(Locale.ROOT, "%.2f s", t.processCpuS())).append(".</p>\n");
        h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">thread</th><th>tid</th><th class=\"l\">group</th>"
                + "<th>Java</th><th>user (s)</th><th>system (s)</th><th>syscr</th><th>syscw</th></tr>\n");
        for (ThreadTimes.Row r : t.rows().stream().limit(THREAD_ROWS).toList()) {
            h.append("<tr><td class=\"name\">").append(html(r.name())).append("</td><td>").append(r.tid())
                    .append("</td><td class=\"l\"><code>").append(ThreadTimes.group(r.category())).append("</code></td><td>").append(r.java() ? "yes" : "")
                    .append(String.format(Locale.ROOT, "</td><td>%.2f</td><td>%.2f</td><td>", r.userS(), r.systemS()))
                    .append(r.syscr() == null ? "" : Fmt.count(r.syscr())).append("</td><td>")
                    .append(r.syscw() == null ? "" : Fmt.count(r.syscw())).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        if (t.rows().size() > THREAD_ROWS) {
            h.append("<p class=\"note\">").append(t.rows().size() - THREAD_ROWS).append(" threads with less CPU not shown.</p>\n");
        }
    }

    static String kinds(List<Map.Entry<String, Long>> top) {
        return top.stream().map(e -> e.getKey() + " " + Fmt.count(e.getValue())).collect(java.util.stream.Collectors.joining(", "));
    }

    private static void sites(StringBuilder h, View v) {
        h.append("<h3>Top call sites by kind</h3>\n");
        int shown = 0;
        for (KindStats k : v.kinds()) {
            if (k.sites().isEmpty()) {
                continue;
            }
            h.append("<details class=\"card\"").append(shown++ < 3 ? " open" : "").append("><summary><code>")
                    .append(html(k.name())).append("</code> \u2014 ").append(Fmt.count(k.calls())).append(" calls, ")
                    .append(k.sites().size()).append(k.sites().size() == 1 ? " site" : " sites").append("</summary>\n");
            kindResources(h, k);
            for (SiteStats s : k.sites().stream().limit(SITES_PER_KIND).toList()) {
                h.append("<p><b>").append(Fmt.count(s.calls())).append("</b> calls (")
                        .append(Fmt.percent(k.calls() == 0 ? Double.NaN : (double) s.calls() / k.calls())).append(")")
                        .append(v.combined() ? " in " + html(s.run()) : "")
                        .append(s.api() == null ? ", from the JDK itself" : " via <code>" + html(s.api()) + "</code>")
                        .append(" <span class=\"note\">").append(Fmt.count(s.walked())).append(" stacks walked</span></p>\n");
                frames(h, s);
                siteResources(h, s);
            }
            if (k.sites().size() > SITES_PER_KIND) {
                h.append("<p class=\"note\">").append(k.sites().size() - SITES_PER_KIND).append(" more sites in the run file.</p>\n");
            }
            h.append("</details>\n");
        }
        if (shown == 0) {
            h.append("<p class=\"note\">The run recorded no call sites.</p>\n");
        }
    }

    /** The kind's top resources over its sites, as the Files and sockets table counts them. */
    private static void kindResources(StringBuilder h, KindStats k) {
        List<ResourceStats> top = ResourceStats.of(List.of(k));
        if (top.isEmpty()) {
            return;
        }
        h.append("<p class=\"note\">Top resources: ");
        for (int i = 0; i < Math.min(ReportText.RESOURCES_PER_SITE, top.size()); i++) {
            h.append(i == 0 ? "" : "; ").append("<code class=\"resource\">").append(html(ResourceStats.shown(top.get(i).resource())))
                    .append("</code> (").append(html(top.get(i).callsText())).append(")");
        }
        h.append("</p>\n");
    }

    private static void siteResources(StringBuilder h, SiteStats s) {
        if (s.resources().isEmpty()) {
            return;
        }
        h.append("<p class=\"note\">Used: ");
        List<Run.Resource> top = s.resources().stream().limit(ReportText.RESOURCES_PER_SITE).toList();
        for (int i = 0; i < top.size(); i++) {
            h.append(i == 0 ? "" : "; ").append("<code class=\"resource\">").append(html(ResourceStats.shown(top.get(i).resource())))
                    .append("</code> (about ").append(Fmt.count(top.get(i).calls())).append(")");
        }
        if (s.resources().size() > top.size()) {
            h.append("; ").append(s.resources().size() - top.size()).append(" more");
        }
        h.append("</p>\n");
    }

    private static void filesAndSockets(StringBuilder h, View v) {
        h.append("<h3 id=\"files-and-sockets\">").append(ReportText.FILES_AND_SOCKETS_TITLE).append("</h3>\n");
        List<ResourceStats> all = ResourceStats.of(v.kinds());
        if (all.isEmpty()) {
            h.append("<p class=\"note\">").append(ReportText.NO_RESOURCES).append("</p>\n");
            return;
        }
        h.append("<div class=\"tablewrap\"><table class=\"resources\">\n<tr><th>estimated calls</th><th>walks</th>"
                + "<th class=\"l\">by kind</th><th class=\"l\">resource</th></tr>\n");
        for (ResourceStats r : all.stream().limit(ReportText.RESOURCE_ROWS).toList()) {
            h.append("<tr><td>").append(html(r.callsText())).append("</td><td>").append(Fmt.count(r.walked()))
                    .append("</td><td class=\"l\">").append(html(r.kindsText())).append("</td><td class=\"name\">")
                    .append(html(ResourceStats.shown(r.resource()))).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        if (all.size() > ReportText.RESOURCE_ROWS) {
            h.append("<p class=\"note\">").append(all.size() - ReportText.RESOURCE_ROWS).append(" more resources in the run file.</p>\n");
        }
        h.append("<p class=\"note\">").append(html(ReportText.FILES_AND_SOCKETS_NOTE)).append("</p>\n");
    }

    private static void frames(StringBuilder h, SiteStats s) {
        if (s.frames().isEmpty()) {
            return;
        }
        h.append("<ol class=\"frames\">");
        for (String f : s.frames()) {
            h.append("<li>").append(html(f)).append("</li>");
        }
        h.append("</ol>\n");
    }

    private static void findings(StringBuilder h, View v) {
        h.append("<h3>Findings</h3>\n");
        if (v.findings().isEmpty()) {
            h.append("<p class=\"note\">").append(ReportText.NO_FINDINGS).append("</p>\n");
            return;
        }
        for (Finding f : v.findings()) {
            h.append("<div class=\"card finding\"><h4>").append(html(f.title()))
                    .append(v.combined() ? "<span class=\"pill\">" + html(f.run()) + "</span>" : "").append("</h4>\n");
            if (f.site() != null) {
                h.append("<div class=\"note\">Call site").append(f.site().api() == null ? ""
                        : " (via <code>" + html(f.site().api()) + "</code>)").append(":</div>\n");
                if (f.site().frames().isEmpty()) {
                    h.append("<p class=\"note\">").append(html(f.site().topFrame())).append("</p>\n");
                } else {
                    frames(h, f.site());
                }
            }
            h.append("<ul>");
            for (String e : f.evidence()) {
                h.append("<li>").append(html(e)).append("</li>");
            }
            h.append("</ul>\n<p><b>Advice:</b> ").append(html(f.advice())).append("</p>\n<p class=\"save\">Would save about ")
                    .append(Fmt.count(f.syscallsSaved())).append(" syscalls <span class=\"note\">(")
                    .append(html(f.savingBasis())).append(")</span></p></div>\n");
        }
    }

    /** The model's section; rendered only when a prediction was handed in (see {@link Ring0Prediction}). */
    private static void ring0(StringBuilder h, Ring0Prediction p) {
        h.append("<h2>Ring 0</h2>\n<section id=\"ring0\">\n<p>").append(html(p.method())).append("</p>\n");
        for (String w : p.warnings()) {
            h.append("<p class=\"warn\">").append(html(w)).append("</p>\n");
        }
        h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\"></th><th>CPU (s)</th><th>User (s)</th>"
                + "<th>System (s)</th><th>speedup</th></tr>\n");
        row(h, p.measured());
        p.scenarios().forEach(r -> row(h, r));
        h.append("</table></div>\n<p class=\"note\">").append(ReportText.PREDICTED_FIGURES).append("</p>\n");
        if (p.split() != null) {
            h.append("<p>").append(html(p.split().sentence(p.savedCpuS()))).append("</p>\n");
        }
        crossing(h, p.crossing());
        if (!p.notes().isEmpty()) {
            h.append("<ul>");
            p.notes().forEach(n -> h.append("<li>").append(html(n)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    /** The CPU profile's bound beside the count-based saving, per run. */
    private static void crossing(StringBuilder h, List<Ring0Prediction.Crossing> rows) {
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h3>").append(ReportText.CROSSING_TITLE).append("</h3>\n<p class=\"note\">")
                .append(html(ReportText.CROSSING_NOTE)).append("</p>\n");
        h.append("<div class=\"tablewrap\"><table>\n<tr><th class=\"l\">run</th><th>System (s)</th>"
                + "<th>entry/exit, profile (s)</th><th>call-path saving, counts (s)</th><th class=\"l\">verdict</th></tr>\n");
        for (Ring0Prediction.Crossing c : rows) {
            h.append("<tr><td class=\"l\">").append(html(c.run())).append("</td><td>").append(sec(c.systemS()))
                    .append("</td><td>").append(range(c.crossingLowS(), c.crossingHighS())).append("</td><td>")
                    .append(seconds3(c.countBasedS())).append("</td><td class=\"l\">").append(html(c.verdict().replace('_', ' ')))
                    .append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        for (Ring0Prediction.Crossing c : rows) {
            h.append("<p").append("counts_exceed_crossing".equals(c.verdict()) ? " class=\"warn\"" : "").append("><b>")
                    .append(html(c.run())).append(":</b> ").append(html(c.finding()))
                    .append(c.profile() == null ? "" : " <span class=\"note\">(" + html(c.profile()) + ")</span>")
                    .append("</p>\n");
        }
    }

    /** A measured range (low to high end), or "-" when there is none. */
    static String range(Double low, Double high) {
        if (low == null || high == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.3f\u2013%.3f", low, high);
    }

    private static void row(StringBuilder h, Ring0Prediction.Row r) {
        h.append("<tr><td class=\"l\">").append(html(r.label())).append("</td><td>").append(band(r.cpuS()))
                .append("</td><td>").append(band(r.userS())).append("</td><td>").append(band(r.systemS()))
                .append("</td><td>").append(ratio(r.speedup())).append("</td></tr>\n");
    }

    static String band(Ring0Prediction.Band b) {
        return band(b, "%.2f");
    }

    /** Seconds to the millisecond, like the measured bound they stand beside. */
    static String seconds3(Ring0Prediction.Band b) {
        return band(b, "%.3f");
    }

    /** Speedups differ from 1 in the third decimal (the KML article's was 1.035), so they get three. */
    static String ratio(Ring0Prediction.Band b) {
        return band(b, "%.3f");
    }

    private static String band(Ring0Prediction.Band b, String format) {
        String mid = Double.isNaN(b.mid()) ? "-" : String.format(Locale.ROOT, format, b.mid());
        if (b.exact()) {
            return mid;
        }
        return mid + " [" + String.format(Locale.ROOT, format, b.low()) + "\u2013"
                + String.format(Locale.ROOT, format, b.high()) + "]";
    }

    private static ObjectNode chartData(View v, String id) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        ObjectNode tl = o.putObject("timeline");
        ArrayNode t = tl.putArray("t");
        for (double x : v.timeline().endS()) {
            t.add(Math.round(x * 1000) / 1000.0);
        }
        ArrayNode series = tl.putArray("series");
        v.timeline().rates().forEach((name, rates) -> {
            ObjectNode s = series.addObject();
            s.put("name", name);
            ArrayNode r = s.putArray("rates");
            for (double x : rates) {
                r.add(Math.round(x * 10) / 10.0);
            }
        });
        ObjectNode k = o.putObject("kinds");
        ArrayNode names = k.putArray("names");
        ArrayNode calls = k.putArray("calls");
        ArrayNode bytes = k.putArray("bytes");
        v.kinds().stream().limit(BAR_KINDS).forEach(ks -> {
            names.add(ks.name());
            calls.add(ks.calls());
            bytes.add(ks.movedBytes());
        });
        return o;
    }

    /** A CSP source for an inline script: the hash of the element's exact text. */
    static String sha256(String script) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(d) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }
}
