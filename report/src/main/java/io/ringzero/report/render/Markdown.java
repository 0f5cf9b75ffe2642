package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.Locale;
import java.util.Map;

import static io.ringzero.report.render.Escape.markdown;

/** {@code report.md}: the same content as the HTML minus the charts, for pull requests and tickets. */
public final class Markdown {

    static final int SITES_PER_KIND = 3;

    private Markdown() {
    }

    public static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# RingZero report\n\n");
        md.append("## Summary\n\n");
        for (String line : Summary.of(report).lines()) {
            md.append("- ").append(markdown(line)).append('\n');
        }
        md.append('\n');
        md.append("## Runs\n\n");
        for (LoadedRun r : report.runs()) {
            runHeader(md, r);
        }
        md.append("## CPU time\n\n");
        md.append(markdown(ReportText.CPU_TIME_NOTE)).append("\n\n");
        md.append("| run | CPU | User | System | System share |\n|---|---:|---:|---:|---:|\n");
        double user = 0;
        double system = 0;
        for (LoadedRun r : report.runs()) {
            CpuTime c = CpuTime.of(r.run());
            md.append("| ").append(markdown(r.label())).append(" | ").append(sec(c.totalS())).append(" | ")
                    .append(sec(c.userS())).append(" | ").append(sec(c.systemS())).append(" | ")
                    .append(Fmt.percent(c.systemShare())).append(" |\n");
            user += c.userS();
            system += c.systemS();
        }
        if (report.runs().size() > 1) {
            CpuTime all = new CpuTime(user, system);
            md.append("| **all runs** | ").append(sec(all.totalS())).append(" | ").append(sec(user)).append(" | ")
                    .append(sec(system)).append(" | ").append(Fmt.percent(all.systemShare())).append(" |\n");
        }
        md.append('\n');
        profiles(md, report.profiles());
        for (View v : report.views()) {
            view(md, v);
        }
        if (report.prediction() != null) {
            ring0(md, report.prediction());
        }
        return md.toString();
    }

    private static void profiles(StringBuilder md, java.util.List<ProfileFacts> profiles) {
        md.append("## CPU profile\n\n");
        for (ProfileFacts p : profiles) {
            md.append("### ").append(markdown(p.run())).append("\n\n");
            if (p.missing() != null) {
                md.append("No CPU profile: ").append(markdown(p.missing())).append(".\n\n");
            } else {
                p.facts().forEach(f -> md.append("- ").append(markdown(f.label())).append(": ").append(markdown(f.value()))
                        .append('\n'));
                md.append('\n');
                if (!p.bySyscall().isEmpty()) {
                    md.append("| syscall body | samples | % of kernel | top Java chain (innermost first) |\n|---|---:|---:|---|\n");
                    for (Run.ProfiledSyscall k : p.bySyscall()) {
                        md.append("| ").append(markdown(k.name())).append(" | ").append(Fmt.count(k.samples())).append(" | ")
                                .append(k.shareOfKernel() == null ? "-" : Fmt.percent(k.shareOfKernel())).append(" | ")
                                .append(markdown(ProfileFacts.topChain(k))).append(" |\n");
                    }
                    md.append('\n');
                }
            }
            if (p.flames() != null) {
                flameLink(md, "CPU flame graph", "CPU flame graph", p.flames().cpu());
                flameLink(md, ReportText.SITES_FLAME_GRAPH, ReportText.SITES_FLAME_GRAPH.toLowerCase(Locale.ROOT), p.flames().sites());
                if (p.flames().threads().present()) {
                    flameLink(md, ReportText.THREADS_FLAME_GRAPH, ReportText.THREADS_FLAME_GRAPH.toLowerCase(Locale.ROOT), p.flames().threads());
                }
                md.append('\n');
            }
        }
    }

    private static void flameLink(StringBuilder md, String what, String noun, io.ringzero.report.flame.RunFlameGraphs.Graph g) {
        if (g.present()) {
            // the file name is the report's own ([A-Za-z0-9._-] only), so it needs no escaping in the link target
            md.append("- [").append(what).append("](").append(g.file()).append(") (").append(markdown(g.source()))
                    .append(")\n");
        } else {
            md.append("- No ").append(noun).append(": ")
                    .append(markdown(g.missing())).append('\n');
        }
    }

    private static String sec(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.2f", s);
    }

    private static void filesAndSockets(StringBuilder md, View v) {
        md.append("### ").append(ReportText.FILES_AND_SOCKETS_TITLE).append("\n\n");
        java.util.List<ResourceStats> all = ResourceStats.of(v.kinds());
        if (all.isEmpty()) {
            md.append(ReportText.NO_RESOURCES).append("\n\n");
            return;
        }
        md.append("| estimated calls | walks | by kind | resource |\n|---:|---:|---|---|\n");
        for (ResourceStats r : all.stream().limit(ReportText.RESOURCE_ROWS).toList()) {
            md.append("| ").append(markdown(r.callsText())).append(" | ").append(Fmt.count(r.walked())).append(" | ")
                    .append(markdown(r.kindsText())).append(" | ").append(markdown(ResourceStats.shown(r.resource())))
                    .append(" |\n");
        }
        if (all.size() > ReportText.RESOURCE_ROWS) {
            md.append("\n").append(all.size() - ReportText.RESOURCE_ROWS).append(" more resources in the run file.\n");
        }
        md.append("\n").append(markdown(ReportText.FILES_AND_SOCKETS_NOTE)).append("\n\n");
    }

    private static void runHeader(StringBuilder md, LoadedRun lr) {
        Run r = lr.run();
        md.append("### ").append(markdown(lr.label())).append("\n\n");
        if (!r.isFinal()) {
            md.append("> **").append(ReportText.NOT_FINAL_TITLE).append("**: ").append(ReportText.NOT_FINAL).append("\n\n");
        }
        Run.Process p = r.process();
        Run.Machine m = r.machine();
        md.append("- Command: ").append(p == null ? "-" : markdown(p.command())).append('\n');
        if (p != null && p.jvm() != null) {
            md.append("- JVM: ").append(markdown(p.jvm().name() + " " + p.jvm().version() + " (" + p.jvm().vendor() + ")"))
                    .append('\n');
        }
        if (m != null) {
            md.append("- Kernel: ").append(markdown(m.kernel())).append('\n');
            md.append("- CPU: ").append(markdown(m.cpuModel())).append(m.cpus() == null ? "" : ", " + m.cpus() + " CPUs")
                    .append('\n');
            if (m.vulnerabilities() != null && !m.vulnerabilities().isEmpty()) {
                md.append("- Mitigations:\n");
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(m.vulnerabilities()).entrySet()) {
                    md.append("  - ").append(markdown(e.getKey())).append(": ").append(markdown(e.getValue())).append('\n');
                }
            }
        }
        md.append("- Duration: ").append(String.format(Locale.ROOT, "%.2f s measured", Views.windowS(r)));
        if (r.window() != null) {
            md.append(" in attach window ").append(r.window().number());
        }
        if (p != null && p.uptimeS() != null) {
            md.append(String.format(Locale.ROOT, " (JVM up %.2f s)", p.uptimeS()));
        }
        md.append('\n');
        if (p != null && p.kml() != null) {
            md.append("- Ring 0 (Kernel Mode Linux): ").append(p.kml().ring0() ? "yes" : "no").append('\n');
        }
        if (r.uncovered() != null && !r.uncovered().isEmpty()) {
            md.append("- Not instrumented on this JVM: ").append(markdown(String.join(", ", r.uncovered()))).append('\n');
        }
        md.append('\n');
    }

    private static void view(StringBuilder md, View v) {
        md.append("## ").append(v.combined() ? "Combined: all " + v.runs().size() + " runs" : "Run " + markdown(v.label()))
                .append("\n\n");
        md.append(Fmt.count(v.calls())).append(" Java-level syscalls, ").append(Fmt.count(v.errors()))
                .append(" failed, ").append(Fmt.bytes(v.bytes())).append(" moved, in ")
                .append(String.format(Locale.ROOT, "%.2f s", v.durationS()))
                .append(v.combined() ? " (the longest run)" : "").append(".\n\n");
        md.append("| calls | % calls | calls/s | bytes | bytes/call | errors | p50 | p99 | syscall |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (KindStats k : v.kinds()) {
            md.append("| ").append(Fmt.count(k.calls())).append(" | ")
                    .append(Fmt.percent(v.calls() == 0 ? Double.NaN : (double) k.calls() / v.calls())).append(" | ")
                    .append(Fmt.rate(v.callsPerSecond(k.calls()))).append(" | ")
                    .append(k.movesData() ? Fmt.bytes(k.bytes()) : "-").append(" | ")
                    .append(k.movesData() ? String.format(Locale.ROOT, "%.1f", k.bytesPerCall()) : "-").append(" | ")
                    .append(Fmt.count(k.errors())).append(" | ")
                    .append(markdown(Fmt.below(k.percentileUpperNs(0.5)))).append(" | ")
                    .append(markdown(Fmt.below(k.percentileUpperNs(0.99)))).append(" | ")
                    .append(markdown(k.name())).append(" |\n");
        }
        md.append("\nLatency: log2 histogram of the timed calls; p50 and p99 give the upper bound of their bucket.\n\n");
        if (v.coverage() != null) {
            coverage(md, v.coverage());
        } else {
            md.append("> **").append(markdown(ReportText.NO_KERNEL_COUNTS)).append("**\n\n");
        }
        threads(md, ThreadTimes.of(v.runs()));
        md.append("### Top call sites\n\n");
        for (KindStats k : v.kinds()) {
            if (k.sites().isEmpty()) {
                continue;
            }
            md.append("**").append(markdown(k.name())).append("**\n\n");
            java.util.List<ResourceStats> topResources = ResourceStats.of(java.util.List.of(k));
            if (!topResources.isEmpty()) {
                md.append("Top resources: ").append(topResources.stream().limit(ReportText.RESOURCES_PER_SITE)
                        .map(r -> markdown(ResourceStats.shown(r.resource())) + " (" + markdown(r.callsText()) + ")")
                        .collect(java.util.stream.Collectors.joining("; "))).append("\n\n");
            }
            for (SiteStats s : k.sites().stream().limit(SITES_PER_KIND).toList()) {
                md.append("- ").append(Fmt.count(s.calls())).append(" calls (")
                        .append(Fmt.percent((double) s.calls() / k.calls())).append(")")
                        .append(v.combined() ? " in " + markdown(s.run()) : "")
                        .append(s.api() == null ? ", from the JDK itself" : " via " + markdown(s.api())).append('\n');
                for (String f : s.frames()) {
                    md.append("  - ").append(markdown(f)).append('\n');
                }
                if (!s.resources().isEmpty()) {
                    md.append("  - used: ").append(s.resources().stream().limit(ReportText.RESOURCES_PER_SITE)
                            .map(r -> markdown(ResourceStats.shown(r.resource())) + " (about "
                                    + Fmt.count(r.calls()) + ")")
                            .collect(java.util.stream.Collectors.joining("; "))).append('\n');
                }
            }
            md.append('\n');
        }
        filesAndSockets(md, v);
        md.append("### Findings\n\n");
        if (v.findings().isEmpty()) {
            md.append(ReportText.NO_FINDINGS).append("\n\n");
        }
        for (Finding f : v.findings()) {
            md.append("#### ").append(markdown(f.title())).append(v.combined() ? " (" + markdown(f.run()) + ")" : "")
                    .append("\n\n");
            if (f.site() != null) {
                md.append("Site").append(f.site().api() == null ? "" : " (via " + markdown(f.site().api()) + ")")
                        .append(": ").append(markdown(String.join(" ← ", f.site().frames().isEmpty()
                                ? java.util.List.of(f.site().topFrame()) : f.site().frames()))).append("\n\n");
            }
            for (String e : f.evidence()) {
                md.append("- ").append(markdown(e)).append('\n');
            }
            md.append("\n**Advice:** ").append(markdown(f.advice())).append("\n\n");
            md.append("**Would save:** about ").append(Fmt.count(f.syscallsSaved())).append(" syscalls, ")
                    .append(markdown(f.savingBasis())).append(".\n\n");
        }
    }

    private static void coverage(StringBuilder md, Coverage c) {
        md.append("### Kernel coverage\n\n");
        md.append("The kernel (").append(markdown(c.tool())).append(") counted ").append(Fmt.count(c.kernelTotal()))
                .append(" syscalls for the whole process; the Java-level counts and the agent's own I/O explain ")
                .append(Fmt.count(c.explained()))
                .append(" of them (").append(Fmt.percent(c.explainedShare())).append("). By kind (kinds under 0.5 % of the process left out):\n\n");
        md.append("| syscall | kernel | Java | agent | not explained |\n|---|---:|---:|---:|---:|\n");
        c.rows().stream().filter(r -> r.kernel() > 0 || r.java() > 0)
                .sorted(java.util.Comparator.comparingLong(Coverage.Row::kernel).reversed())
                .filter(r -> r.java() > 0 || r.agent() > 0 || r.kernel() * 200 >= c.kernelTotal()).forEach(r ->
                md.append("| ").append(markdown(r.name())).append(" | ").append(Fmt.count(r.kernel())).append(" | ")
                        .append(Fmt.count(r.java())).append(" | ").append(Fmt.count(r.agent())).append(" | ")
                        .append(Fmt.count(r.unexplained())).append(" |\n"));
        md.append('\n');
        Attribution a = c.attribution();
        if (a == null) {
            return;
        }
        md.append("### ").append(ReportText.WHO_TITLE).append("\n\n").append(ReportText.WHO_NOTE).append("\n\n");
        md.append("| category | threads | syscalls | % of process | top kinds |\n|---|---:|---:|---:|---|\n");
        for (Category cat : Category.values()) {
            long n = a.byCategory().getOrDefault(cat, 0L);
            if (n > 0) {
                md.append("| `").append(cat.id).append("` ").append(markdown(cat.label)).append(" | ")
                        .append(cat.hasOwnThreads() ? Long.toString(a.threadCount(cat)) : "").append(" | ").append(Fmt.count(n))
                        .append(" | ").append(Fmt.percent((double) n / a.total())).append(" | ")
                        .append(markdown(Html.kinds(a.topKinds(cat, 4)))).append(" |\n");
            }
        }
        if (!a.libraries().isEmpty()) {
            md.append("\nNative libraries: ").append(markdown(StackLines.libraries(a))).append(".\n");
        }
        if (!a.stacks().isEmpty()) {
            md.append("\n#### ").append(ReportText.STACKS_TITLE).append("\n\n").append(markdown(ReportText.STACKS_NOTE)).append("\n\n")
                    .append("| category | syscall | calls | thread | frames, innermost first |\n|---|---|---:|---|---|\n");
            for (Category cat : Category.values()) {
                for (Attribution.Stack st : a.topStacks(cat, StackLines.PER_CATEGORY)) {
                    md.append("| `").append(cat.id).append("` | ").append(markdown(st.kind())).append(" | ").append(Fmt.count(st.calls()))
                            .append(" | ").append(markdown(st.thread())).append(" | ").append(markdown(String.join(" \u2190 ", st.frames())))
                            .append(" |\n");
                }
            }
        }
        md.append("\n| thread | tid | category | syscalls | top kinds |\n|---|---:|---|---:|---|\n");
        for (Attribution.Thread t : a.threads().stream().limit(Html.THREAD_ROWS).toList()) {
            md.append("| ").append(markdown(t.name())).append(" | ").append(t.tid() == 0 ? "" : t.tid()).append(" | `")
                    .append(t.category().id).append("` | ").append(Fmt.count(t.calls())).append(" | ")
                    .append(markdown(Html.kinds(t.topKinds(4)))).append(" |\n");
        }
        md.append('\n');
    }

    private static void threads(StringBuilder md, ThreadTimes t) {
        if (t == null) {
            return;
        }
        md.append("### ").append(ReportText.THREADS_TITLE).append("\n\n").append(markdown(ReportText.THREADS_NOTE)).append("\n\n")
                .append("CPU by thread: ").append(markdown(t.byGroup())).append(" of ")
                .append(String.format(Locale.ROOT, "%.2f s", t.processCpuS())).append(".\n\n");
        md.append("| thread | tid | group | Java | user (s) | system (s) | syscr | syscw |\n|---|---:|---|---|---:|---:|---:|---:|\n");
        for (ThreadTimes.Row r : t.rows().stream().limit(Html.THREAD_ROWS).toList()) {
            md.append("| ").append(markdown(r.name())).append(" | ").append(r.tid()).append(" | `").append(ThreadTimes.group(r.category()))
                    .append("` | ").append(r.java() ? "yes" : "").append(String.format(Locale.ROOT, " | %.2f | %.2f | ", r.userS(), r.systemS()))
                    .append(r.syscr() == null ? "" : Fmt.count(r.syscr())).append(" | ")
                    .append(r.syscw() == null ? "" : Fmt.count(r.syscw())).append(" |\n");
        }
        md.append('\n');
    }

    private static void ring0(StringBuilder md, Ring0Prediction p) {
        md.append("## Ring 0\n\n").append(markdown(p.method())).append("\n\n");
        for (String w : p.warnings()) {
            md.append("> **Warning:** ").append(markdown(w)).append("\n\n");
        }
        md.append("| | CPU (s) | User (s) | System (s) | speedup |\n|---|---:|---:|---:|---:|\n");
        for (Ring0Prediction.Row r : concat(p.measured(), p.scenarios())) {
            md.append("| ").append(markdown(r.label())).append(" | ").append(markdown(Html.band(r.cpuS()))).append(" | ")
                    .append(markdown(Html.band(r.userS()))).append(" | ").append(markdown(Html.band(r.systemS())))
                    .append(" | ").append(markdown(Html.ratio(r.speedup()))).append(" |\n");
        }
        md.append("\n").append(ReportText.PREDICTED_FIGURES).append("\n\n");
        if (p.split() != null) {
            md.append(markdown(p.split().sentence(p.savedCpuS()))).append("\n\n");
        }
        if (!p.crossing().isEmpty()) {
            md.append("### ").append(ReportText.CROSSING_TITLE).append("\n\n").append(markdown(ReportText.CROSSING_NOTE))
                    .append("\n\n");
            md.append("| run | System (s) | entry/exit, profile (s) | call-path saving, counts (s) | verdict |\n"
                    + "|---|---:|---:|---:|---|\n");
            for (Ring0Prediction.Crossing c : p.crossing()) {
                md.append("| ").append(markdown(c.run())).append(" | ").append(String.format(Locale.ROOT, "%.3f", c.systemS()))
                        .append(" | ").append(markdown(Html.range(c.crossingLowS(), c.crossingHighS()))).append(" | ")
                        .append(markdown(Html.seconds3(c.countBasedS()))).append(" | ").append(markdown(c.verdict().replace('_', ' ')))
                        .append(" |\n");
            }
            md.append('\n');
            for (Ring0Prediction.Crossing c : p.crossing()) {
                md.append("- **").append(markdown(c.run())).append(":** ").append(markdown(c.finding()))
                        .append(c.profile() == null ? "" : " (" + markdown(c.profile()) + ")").append('\n');
            }
            md.append('\n');
        }
        for (String n : p.notes()) {
            md.append("- ").append(markdown(n)).append('\n');
        }
        md.append('\n');
    }

    private static java.util.List<Ring0Prediction.Row> concat(Ring0Prediction.Row first, java.util.List<Ring0Prediction.Row> rest) {
        java.util.List<Ring0Prediction.Row> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
