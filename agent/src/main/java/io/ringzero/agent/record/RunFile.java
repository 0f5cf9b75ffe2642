package io.ringzero.agent.record;

import io.ringzero.agent.count.CallSites;
import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the run-file document (schema ringzero.run/2, docs/run-file.md) from the counters. */
final class RunFile {
    static final String SCHEMA = "ringzero.run/2";
    /**
     * Fields added within the major: 1 adds {@code sites[].resources}, 2 {@code threads}, 3 {@code code_maps}. Major 2 is 1.2 with {@code profile.stacks} in place of the figures
     * the agent derived from the samples: a field removed, so a reader of 1 must refuse it.
     */
    static final int SCHEMA_MINOR = 3;
    static final int MAX_SITES_PER_KIND = 50;
    static final int MAX_RESOURCES_PER_SITE = 8;

    private RunFile() { }

    static Map<String, Object> document(Recorder.Header header, Map<String, Object> cpuNow, List<Map<String, Object>> snapshots,
                                        boolean isFinal) {
        Baseline since = header.since;
        long[] app = since.counters(false);
        long[] own = since.counters(true);
        Map<String, Long> errors = since.errors();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("schema", SCHEMA);
        d.put("schema_minor", SCHEMA_MINOR);
        d.put("final", isFinal);
        d.put("agent", header.agent);
        if (header.window != null) d.put("window", header.window);
        Map<String, Object> process = new LinkedHashMap<>(header.process);
        long now = System.currentTimeMillis();
        process.put("now_ms", now);
        process.put("uptime_s", ProcStats.round((now - (Long) header.process.get("start_ms")) / 1000.0));
        d.put("process", process);
        d.put("machine", header.machine);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("start", header.cpuStart);
        cpu.put("now", cpuNow);
        d.put("cpu", cpu);
        List<Map<String, Object>> syscalls = syscalls(app, errors, "", since);
        Map<String, Object> totals = new LinkedHashMap<>();
        for (String f : new String[] {"calls", "errors", "bytes_requested", "bytes"}) {
            long sum = 0;
            for (Map<String, Object> s : syscalls) sum += (Long) s.get(f); // plain loops: no stream or lambda bootstrap at exit
            totals.put(f, sum);
        }
        d.put("totals", totals);
        d.put("syscalls", syscalls);
        d.put("agent_own", Map.of("syscalls", syscalls(own, errors, "own:", null)));
        d.put("snapshots", snapshots);
        d.put("uncovered", header.uncovered);
        return d;
    }

    /** Per-kind calls for a snapshot: cumulative, kinds with no calls left out. */
    static Map<String, Object> callsByKind(Baseline since) {
        long[] c = since.counters(false);
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < Syscall.COUNT; k++) {
            long n = c[k * Counters.STRIDE + Counters.CALLS];
            if (n > 0) m.put(Syscall.NAMES[k], n);
        }
        return m;
    }

    /** @param sitesSince null for no sites, else the baseline their walks count from */
    private static List<Map<String, Object>> syscalls(long[] c, Map<String, Long> errors, String errorPrefix, Baseline sitesSince) {
        List<Map<String, Object>> list = new ArrayList<>();
        Map<Integer, List<Map<String, Object>>> sites = sitesSince != null ? sites(c, sitesSince) : Map.of();
        for (int k = 0; k < Syscall.COUNT; k++) {
            int b = k * Counters.STRIDE;
            if (c[b + Counters.CALLS] == 0) continue;
            Map<String, Object> s = new LinkedHashMap<>();
            String name = Syscall.NAMES[k];
            s.put("name", name);
            s.put("calls", c[b + Counters.CALLS]);
            s.put("errors", c[b + Counters.ERRORS]);
            s.put("bytes_requested", c[b + Counters.REQUESTED]);
            s.put("bytes", c[b + Counters.BYTES]);
            Map<String, Object> byClass = new LinkedHashMap<>();
            String prefix = errorPrefix + name + ":";
            for (Map.Entry<String, Long> e : errors.entrySet()) {
                if (e.getKey().startsWith(prefix)) byClass.put(e.getKey().substring(prefix.length()), e.getValue());
            }
            s.put("errors_by_class", byClass);
            Map<String, Object> latency = new LinkedHashMap<>();
            latency.put("timed", c[b + Counters.TIMED]);
            latency.put("sum_ns", c[b + Counters.SUM_NS]);
            long[] hist = new long[Counters.BUCKETS];
            System.arraycopy(c, b + Counters.HIST, hist, 0, Counters.BUCKETS);
            latency.put("log2_ns", hist);
            s.put("latency", latency);
            s.put("sites", sites.getOrDefault(k, List.of()));
            list.add(s);
        }
        list.sort(BY_CALLS_DESCENDING);
        return list;
    }

    /**
     * Sites per kind with estimated calls: each walk counts for the calls it stands for (its weight), then the
     * estimates are scaled so they add up to the kind's exact count.
     */
    private static Map<Integer, List<Map<String, Object>>> sites(long[] c, Baseline since) {
        Map<Integer, List<CallSites.Site>> byKind = new LinkedHashMap<>();
        for (CallSites.Site s : CallSites.sites()) {
            if (since.walks(s) == 0) continue; // walked before the window only
            List<CallSites.Site> list = byKind.get(s.kind);
            if (list == null) byKind.put(s.kind, list = new ArrayList<>());
            list.add(s);
        }
        Map<Integer, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<CallSites.Site>> e : byKind.entrySet()) {
            int k = e.getKey();
            List<CallSites.Site> list = e.getValue();
            double raw = 0;
            for (CallSites.Site s : list) raw += since.weight(s);
            long exact = c[k * Counters.STRIDE + Counters.CALLS];
            double scale = raw == 0 ? 0 : exact / raw;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (CallSites.Site s : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("calls", Math.round(since.weight(s) * scale));
                m.put("walked", since.walks(s));
                m.put("api", s.api);
                m.put("frames", s.frames);
                m.put("resources", resources(since.resources(s), scale));
                rows.add(m);
            }
            rows.sort(BY_CALLS_DESCENDING);
            out.put(k, rows.size() > MAX_SITES_PER_KIND ? new ArrayList<>(rows.subList(0, MAX_SITES_PER_KIND)) : rows);
        }
        return out;
    }

    /** A site's resources, most calls first, scaled as its calls; past the first few they are the site's rest. */
    private static List<Map<String, Object>> resources(Map<String, long[]> resources, double scale) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : resources.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("resource", e.getKey());
            m.put("calls", Math.max(0, Math.round(e.getValue()[0] * scale)));
            m.put("walked", e.getValue()[1]);
            rows.add(m);
        }
        rows.sort(BY_CALLS_DESCENDING);
        return rows.size() > MAX_RESOURCES_PER_SITE ? new ArrayList<>(rows.subList(0, MAX_RESOURCES_PER_SITE)) : rows;
    }

    /**
     * Most calls first; equal counts keep their order (List.sort is stable). A class rather than Comparator
     * combinators and lambdas, whose bootstraps cost milliseconds on the exit path.
     */
    private static final Comparator<Map<String, Object>> BY_CALLS_DESCENDING = new Comparator<>() {
        @Override
        public int compare(Map<String, Object> a, Map<String, Object> b) { return Long.compare((Long) b.get("calls"), (Long) a.get("calls")); }
    };

    static String toJson(Map<String, Object> doc) { return new Json().value(doc).toString(); }
}
