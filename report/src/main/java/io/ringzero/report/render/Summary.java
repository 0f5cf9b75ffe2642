package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The answer first: how syscall-bound the application is, which code makes its syscalls, what ring 0 would buy
 * and the finding that matters most, in sentences that the terminal, report.md and index.html all show first.
 * Built from the report's first view (all runs together when there are several).
 */
public record Summary(List<String> lines) {

    static final int SOURCES = 3;
    /** RingZero's threads' share of the CPU from which the summary says what measuring cost. */
    static final double MEASURING_COST = 0.05;

    public static Summary of(Report report) {
        View v = report.views().get(0);
        List<String> lines = new ArrayList<>();
        double user = 0, system = 0;
        for (LoadedRun r : report.runs()) {
            CpuTime c = CpuTime.of(r.run());
            user += c.userS();
            system += c.systemS();
        }
        String rate = Fmt.rate(v.callsPerSecond(v.calls()));
        if (v.coverage() != null) {
            Coverage c = v.coverage();
            lines.add(String.format(Locale.ROOT, "Syscalls: %s a second in the whole process (%s counted by %s in %.1f s); "
                            + "%s %s of them.", Fmt.rate(v.callsPerSecond(c.kernelTotal())),
                    Fmt.count(c.kernelTotal()), c.tool(), v.durationS(),
                    c.attribution() != null ? "a known source (Java-level I/O, the JVM's threads, thread sync, RingZero) made"
                            : "the Java-level counts explain", Fmt.percent(c.explainedShare())));
        } else {
            lines.add(String.format(Locale.ROOT, "Syscalls: %s a second from Java-level I/O (%s in %.1f s; the JVM's own "
                    + "are not counted without kernel counts).", rate, Fmt.count(v.calls()), v.durationS()));
        }
        lines.add(String.format(Locale.ROOT, "System time: %s of the CPU (%.2f s of %.2f s).",
                Fmt.percent(user + system == 0 ? Double.NaN : system / (user + system)), system, user + system));
        measuringCost(lines, ThreadTimes.of(report.runs()), v.coverage(), user + system);
        record Source(String kind, SiteStats site) { }
        List<Source> sources = new ArrayList<>();
        for (KindStats k : v.kinds()) {
            for (SiteStats s : k.sites()) {
                sources.add(new Source(k.name(), s));
            }
        }
        sources.sort(Comparator.comparingLong((Source s) -> s.site().calls()).reversed());
        Attribution a = v.coverage() == null ? null : v.coverage().attribution();
        if (a != null) {
            sourcesOfTheProcess(lines, v, a, sources.stream().map(Source::site).toList(), sources.stream().map(Source::kind).toList());
        }
        for (int i = 0; a == null && i < Math.min(SOURCES, sources.size()); i++) {
            SiteStats s = sources.get(i).site();
            lines.add(String.format(Locale.ROOT, "Source %d: %s of the Java-level syscalls, %s at %s%s%s (estimated).", i + 1,
                    Fmt.percent(v.calls() == 0 ? Double.NaN : (double) s.calls() / v.calls()), sources.get(i).kind(),
                    s.topFrame(), (s.api() == null ? "" : " through " + s.api()) + on(s), v.combined() ? " in " + s.run() : ""));
        }
        ringZero(lines, report);
        v.findings().stream().max(Comparator.comparingLong(Finding::syscallsSaved)).ifPresent(f ->
                lines.add("Finding: " + f.title() + (v.combined() ? " (" + f.run() + ")" : "") + ", about "
                        + Fmt.count(f.syscallsSaved()) + " syscalls fewer " + f.savingBasis() + "."));
        return new Summary(List.copyOf(lines));
    }

    /**
     * What RingZero itself used of the CPU the times above show: its own threads (from /proc) and, where the tracer
     * measured it, the kernel tracer's program on every syscall (charged to the threads that made them). From
     * {@link #MEASURING_COST} of the CPU on, the run as measured was slower than it is without RingZero: the line says
     * so.
     */
    private static void measuringCost(List<String> lines, ThreadTimes threads, Coverage c, double cpuS) {
        Double ownS = threads == null ? null : threads.cpuByGroup().getOrDefault(Category.AGENT, 0.0);
        Double tracerS = c == null ? null : c.tracerS();
        if (ownS == null && tracerS == null || cpuS <= 0) {
            return;
        }
        double share = ((ownS == null ? 0 : ownS) + (tracerS == null ? 0 : tracerS)) / cpuS;
        if (share < MEASURING_COST) {
            return;
        }
        if (tracerS == null) {
            lines.add(String.format(Locale.ROOT, "Measuring cost: RingZero's own threads used %s of the CPU (%.2f s), "
                    + "inside the times above.", Fmt.percent(share), ownS));
            return;
        }
        lines.add(String.format(Locale.ROOT, "Measuring cost: RingZero used %s of the CPU, inside the times above (%s"
                        + "its kernel tracer %.2f s, %s a syscall): the application alone runs faster than this run.",
                Fmt.percent(share), ownS == null ? "" : String.format(Locale.ROOT, "its own threads %.2f s, ", ownS), tracerS,
                Fmt.ns(c.kernelTotal() == 0 ? Double.NaN : tracerS * 1e9 / c.kernelTotal())));
    }

    /**
     * With the kernel's per-thread counts, the top sources of the whole process's syscalls: a call site (its
     * Java-level calls, estimated), a group of the JVM's or RingZero's threads, a category or a native library by the
     * stacks (exact).
     */
    private static void sourcesOfTheProcess(List<String> lines, View v, Attribution a, List<SiteStats> sites, List<String> kinds) {
        record Ranked(long calls, String text) { }
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            SiteStats s = sites.get(i);
            ranked.add(new Ranked(s.calls(), kinds.get(i) + " at " + s.topFrame() + (s.api() == null ? "" : " through " + s.api())
                    + on(s) + (v.combined() ? " in " + s.run() : "") + " (estimated)"));
        }
        for (Category c : List.of(Category.JIT, Category.GC, Category.CLASS_LOADING, Category.JVM_OTHER, Category.AGENT,
                Category.THREAD_SYNC, Category.UNEXPLAINED)) {
            long n = a.byCategory().getOrDefault(c, 0L);
            if (n > 0) {
                ranked.add(new Ranked(n, c.label + " (" + Html.kinds(a.topKinds(c, 2)) + ")"));
            }
        }
        a.libraries().forEach((library, n) -> ranked.add(new Ranked(n, "the native library " + library + " ("
                + Html.kinds(a.libraryKinds(library, 2)) + ")")));
        ranked.sort(Comparator.comparingLong(Ranked::calls).reversed());
        for (int i = 0; i < Math.min(SOURCES, ranked.size()); i++) {
            lines.add(String.format(Locale.ROOT, "Source %d: %s of the syscalls the kernel counted, %s.", i + 1,
                    Fmt.percent((double) ranked.get(i).calls() / a.total()), ranked.get(i).text()));
        }
    }

    /** The file or socket most of a site's walked calls used, when the walks named one. */
    private static String on(SiteStats s) {
        if (s.resources().isEmpty()) {
            return "";
        }
        int more = s.resources().size() - 1;
        Run.Resource top = s.resources().stream().max(Comparator.comparingLong(Run.Resource::calls)).orElseThrow();
        return " on " + ResourceStats.shown(top.resource())
                + (more > 0 ? " and " + more + " other" + (more > 1 ? "s" : "") : "");
    }

    private static void ringZero(List<String> lines, Report report) {
        Ring0Prediction p = report.prediction();
        if (p != null && !p.scenarios().isEmpty()) {
            Ring0Prediction.Row callPath = p.scenarios().get(0);
            double cpu = p.measured().cpuS().mid();
            Ring0Prediction.Split split = p.split();
            lines.add(String.format(Locale.ROOT, "Ring 0: %.2f %% of the CPU saved with syscalls as calls (band %.2f-%.2f %%%s; "
                            + "Table 2 in the Ring 0 section).", 100 * (1 - callPath.cpuS().mid() / cpu),
                    100 * (1 - callPath.cpuS().high() / cpu), 100 * (1 - callPath.cpuS().low() / cpu),
                    split == null ? "" : String.format(Locale.ROOT, "; %.0f %% of it from the JVM's own syscalls%s",
                            100 * split.share(split.jvm()), split.libraries() == 0 ? ""
                                    : String.format(Locale.ROOT, ", %.0f %% from native libraries'", 100 * split.share(split.libraries())))));
        }
    }
}
