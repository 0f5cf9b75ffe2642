package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the {@link View}s of a report: one per run and, for several runs, one combined. */
public final class Views {

    /** The timeline chart shows this many kinds by name; the rest are summed as "other". */
    static final int TIMELINE_KINDS = 8;

    private Views() {
    }

    /** For one run: its view. For several: the combined view first, then one per run. */
    public static List<View> of(List<LoadedRun> runs) {
        List<View> views = new ArrayList<>();
        if (runs.size() > 1) {
            views.add(build("combined", true, runs));
        }
        for (LoadedRun r : runs) {
            views.add(build(r.label(), false, List.of(r)));
        }
        return views;
    }

    static View build(String label, boolean combined, List<LoadedRun> runs) {
        return build(label, combined, runs, true);
    }

    static View build(String label, boolean combined, List<LoadedRun> runs, boolean withFindings) {
        Map<String, KindAccumulator> byName = new LinkedHashMap<>();
        double duration = 0;
        for (LoadedRun r : runs) {
            for (Run.Syscall s : r.run().syscalls()) {
                byName.computeIfAbsent(s.name(), KindAccumulator::new).add(r.label(), s);
            }
            duration = Math.max(duration, windowS(r.run()));
        }
        List<KindStats> kinds = byName.values().stream().map(KindAccumulator::toStats)
                .sorted(Comparator.comparingLong(KindStats::calls).reversed().thenComparing(KindStats::name))
                .toList();
        long calls = kinds.stream().mapToLong(KindStats::calls).sum();
        long errors = kinds.stream().mapToLong(KindStats::errors).sum();
        long bytes = kinds.stream().mapToLong(KindStats::movedBytes).sum();
        Timeline timeline = runs.size() == 1 ? timelineOf(runs.get(0).run(), kinds) : binnedTimeline(runs, kinds);
        List<Finding> findings = new ArrayList<>();
        if (withFindings) {
            for (LoadedRun r : runs) {
                findings.addAll(Findings.of(r));
            }
        }
        findings.sort(Comparator.comparingLong(Finding::syscallsSaved).reversed());
        return new View(label, combined, runs, kinds, calls, errors, bytes, duration, timeline,
                coverageOf(runs, kinds), List.copyOf(findings));
    }

    /** Seconds from agent start to the run's last write: the window the counts cover. */
    public static double windowS(Run run) {
        if (run.cpu() != null && run.cpu().now() != null && run.cpu().now().tS() != null) {
            return run.cpu().now().tS();
        }
        if (run.snapshots() != null && !run.snapshots().isEmpty()) {
            Double t = run.snapshots().get(run.snapshots().size() - 1).tS();
            if (t != null) {
                return t;
            }
        }
        return run.process() != null && run.process().uptimeS() != null ? run.process().uptimeS() : 0;
    }

    /** One run's cumulative points: agent start (all zero), each snapshot, then the final totals if later. */
    private record Point(double t, Map<String, Long> calls) {
    }

    private static List<Point> points(Run run) {
        List<Point> pts = new ArrayList<>();
        pts.add(new Point(0, Map.of()));
        if (run.snapshots() != null) {
            for (Run.Snapshot s : run.snapshots()) {
                if (s.tS() != null && s.calls() != null && s.tS() > pts.get(pts.size() - 1).t()) {
                    pts.add(new Point(s.tS(), s.calls()));
                }
            }
        }
        double end = windowS(run);
        if (end > pts.get(pts.size() - 1).t() + 1e-3) {
            Map<String, Long> totals = new HashMap<>();
            run.syscalls().forEach(s -> totals.put(s.name(), s.calls()));
            pts.add(new Point(end, totals));
        }
        return pts;
    }

    private static List<String> timelineKinds(List<KindStats> kinds) {
        return kinds.stream().limit(TIMELINE_KINDS).map(KindStats::name).toList();
    }

    private static String seriesOf(String kind, List<String> shown) {
        return shown.contains(kind) ? kind : "other";
    }

    private static Map<String, double[]> emptySeries(List<KindStats> kinds, List<String> shown, int n) {
        Map<String, double[]> rates = new LinkedHashMap<>();
        shown.forEach(k -> rates.put(k, new double[n]));
        if (kinds.size() > shown.size()) {
            rates.put("other", new double[n]);
        }
        return rates;
    }

    private static Timeline timelineOf(Run run, List<KindStats> kinds) {
        List<Point> pts = points(run);
        List<String> shown = timelineKinds(kinds);
        int n = pts.size() - 1;
        double[] ends = new double[Math.max(0, n)];
        Map<String, double[]> rates = emptySeries(kinds, shown, Math.max(0, n));
        for (int i = 1; i < pts.size(); i++) {
            Point a = pts.get(i - 1);
            Point b = pts.get(i);
            double dt = b.t() - a.t();
            ends[i - 1] = b.t();
            for (Map.Entry<String, Long> e : b.calls().entrySet()) {
                long delta = e.getValue() - a.calls().getOrDefault(e.getKey(), 0L);
                double[] series = rates.get(seriesOf(e.getKey(), shown));
                if (series != null && delta > 0) {
                    series[i - 1] += delta / dt;
                }
            }
        }
        return new Timeline(ends, rates);
    }

    /**
     * Several JVMs snapshot at different moments, so their intervals are placed on a common clock (agent start
     * epoch ms) and spread evenly over bins as wide as the coarsest run's median interval.
     */
    private static Timeline binnedTimeline(List<LoadedRun> runs, List<KindStats> kinds) {
        long origin = runs.stream().map(r -> r.run().agent() == null ? null : r.run().agent().startMs())
                .filter(java.util.Objects::nonNull).mapToLong(Long::longValue).min().orElse(0);
        double width = 0;
        double end = 0;
        List<List<Point>> all = new ArrayList<>();
        List<Double> offsets = new ArrayList<>();
        for (LoadedRun r : runs) {
            List<Point> pts = points(r.run());
            all.add(pts);
            Long start = r.run().agent() == null ? null : r.run().agent().startMs();
            double offset = start == null ? 0 : (start - origin) / 1000.0;
            offsets.add(offset);
            double[] dts = new double[pts.size() - 1];
            for (int i = 1; i < pts.size(); i++) {
                dts[i - 1] = pts.get(i).t() - pts.get(i - 1).t();
            }
            if (dts.length > 0) {
                Arrays.sort(dts);
                width = Math.max(width, dts[dts.length / 2]);
            }
            end = Math.max(end, offset + pts.get(pts.size() - 1).t());
        }
        List<String> shown = timelineKinds(kinds);
        if (width <= 0 || end <= 0) {
            return new Timeline(new double[0], emptySeries(kinds, shown, 0));
        }
        int n = (int) Math.ceil(end / width - 1e-9);
        double[] ends = new double[n];
        for (int i = 0; i < n; i++) {
            ends[i] = (i + 1) * width;
        }
        Map<String, double[]> rates = emptySeries(kinds, shown, n);
        for (int r = 0; r < all.size(); r++) {
            List<Point> pts = all.get(r);
            double offset = offsets.get(r);
            for (int i = 1; i < pts.size(); i++) {
                Point a = pts.get(i - 1);
                Point b = pts.get(i);
                double s0 = offset + a.t();
                double s1 = offset + b.t();
                for (Map.Entry<String, Long> e : b.calls().entrySet()) {
                    long delta = e.getValue() - a.calls().getOrDefault(e.getKey(), 0L);
                    double[] series = rates.get(seriesOf(e.getKey(), shown));
                    if (series == null || delta <= 0) {
                        continue;
                    }
                    double perSecond = delta / (s1 - s0);
                    for (int bin = (int) (s0 / width); bin < n && bin * width < s1; bin++) {
                        double overlap = Math.min(s1, (bin + 1) * width) - Math.max(s0, bin * width);
                        if (overlap > 0) {
                            series[bin] += perSecond * overlap / width;
                        }
                    }
                }
            }
        }
        return new Timeline(ends, rates);
    }

    /** Null unless every run of the view carries a kernel oracle (a partial sum would mislead). */
    private static Coverage coverageOf(List<LoadedRun> runs, List<KindStats> kinds) {
        if (runs.stream().anyMatch(r -> r.run().kernelOracle() == null || r.run().kernelOracle().syscalls() == null)) {
            return null;
        }
        Map<String, long[]> rows = new TreeMap<>(); // kernel, java, agent
        long total = 0;
        Double tracerS = 0.0;
        List<String> tools = new ArrayList<>();
        for (LoadedRun r : runs) {
            Run.KernelOracle o = r.run().kernelOracle();
            if (!tools.contains(o.tool())) {
                tools.add(o.tool());
            }
            tracerS = tracerS == null || o.tracerS() == null ? null : tracerS + o.tracerS();
            long sum = 0;
            for (Map.Entry<String, Long> e : o.syscalls().entrySet()) {
                rows.computeIfAbsent(e.getKey(), k -> new long[3])[0] += e.getValue();
                sum += e.getValue();
            }
            total += o.total() != null ? o.total() : sum;
            if (r.run().agentOwn() != null && r.run().agentOwn().syscalls() != null) {
                for (Run.Syscall s : r.run().agentOwn().syscalls()) {
                    rows.computeIfAbsent(s.name(), k -> new long[3])[2] += s.calls();
                }
            }
        }
        for (KindStats k : kinds) {
            rows.computeIfAbsent(k.name(), n -> new long[3])[1] += k.calls();
        }
        long explained = 0;
        List<Coverage.Row> list = new ArrayList<>();
        for (Map.Entry<String, long[]> e : rows.entrySet()) {
            long[] v = e.getValue();
            explained += Math.min(v[0], v[1] + v[2]);
            list.add(new Coverage.Row(e.getKey(), v[0], v[1], v[2]));
        }
        list.sort(Comparator.comparingLong(Coverage.Row::unexplained).reversed()
                .thenComparing(Comparator.comparingLong(Coverage.Row::kernel).reversed()));
        Map<String, Long> javaByKind = new TreeMap<>();
        for (KindStats k : kinds) {
            javaByKind.merge(k.name(), k.calls(), Long::sum);
        }
        Attribution attribution = Attribution.of(runs, javaByKind);
        if (attribution != null) {
            explained = attribution.explained();
        }
        return new Coverage(String.join("+", tools), total, explained, List.copyOf(list), attribution, tracerS);
    }

    /** Sums one kind over the runs of a view. */
    private static final class KindAccumulator {
        final String name;
        long calls, errors, bytesRequested, bytes, timed, sumNs;
        long[] hist = new long[0];
        final Map<String, Long> errorsByClass = new TreeMap<>();
        final List<SiteStats> sites = new ArrayList<>();

        KindAccumulator(String name) {
            this.name = name;
        }

        void add(String run, Run.Syscall s) {
            calls += s.calls();
            errors += s.errors();
            bytesRequested += s.bytesRequested();
            bytes += s.bytes();
            if (s.errorsByClass() != null) {
                s.errorsByClass().forEach((k, v) -> errorsByClass.merge(k, v == null ? 0 : v, Long::sum));
            }
            if (s.latency() != null) {
                timed += s.latency().timed();
                sumNs += s.latency().sumNs();
                long[] h = s.latency().log2Ns();
                if (h != null) {
                    if (h.length > hist.length) {
                        hist = Arrays.copyOf(hist, h.length);
                    }
                    for (int i = 0; i < h.length; i++) {
                        hist[i] += h[i];
                    }
                }
            }
            if (s.sites() != null) {
                for (Run.Site site : s.sites()) {
                    sites.add(new SiteStats(run, site.calls(), site.walked(), site.api(),
                            site.frames() == null ? List.of() : List.copyOf(site.frames()),
                            site.resources() == null ? List.of() : site.resources().stream()
                                    .sorted(Comparator.comparingLong(Run.Resource::calls).reversed()).toList()));
                }
            }
        }

        KindStats toStats() {
            List<SiteStats> sorted = sites.stream().sorted(Comparator.comparingLong(SiteStats::calls).reversed()).toList();
            return new KindStats(name, calls, errors, bytesRequested, bytes,
                    java.util.Collections.unmodifiableMap(new TreeMap<>(errorsByClass)), timed, sumNs,
                    hist, sorted);
        }
    }
}
