package io.ringzero.agent.record;

import io.ringzero.agent.count.CallSites;
import io.ringzero.agent.count.Totals;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts at the start of an attach window. The counters run from the first attach to the JVM's exit; a
 * window's run file shows what they gained since its start, so a second attach needs no reset of counters that
 * application threads write without locks.
 */
public final class Baseline {
    /** From the JVM's start (or the first attach): nothing to subtract. */
    static final Baseline NONE = new Baseline(null, null, Map.of(), new IdentityHashMap<>(), new IdentityHashMap<>());

    private final long[] app, own;
    private final Map<String, Long> errors;
    /** Per site: walks and weight at the start. Sites are never removed, so the object is the key. */
    private final Map<CallSites.Site, long[]> sites;
    /** Per site: its resources' weight and walks at the start. */
    private final Map<CallSites.Site, Map<String, long[]>> resources;

    private Baseline(long[] app, long[] own, Map<String, Long> errors, Map<CallSites.Site, long[]> sites,
                     Map<CallSites.Site, Map<String, long[]>> resources) {
        this.app = app;
        this.own = own;
        this.errors = errors;
        this.sites = sites;
        this.resources = resources;
    }

    /** The counts now. */
    public static Baseline now() {
        Map<CallSites.Site, long[]> sites = new IdentityHashMap<>();
        Map<CallSites.Site, Map<String, long[]>> resources = new IdentityHashMap<>();
        for (CallSites.Site s : CallSites.sites()) {
            sites.put(s, new long[] {s.walks(), s.weight()});
            resources.put(s, s.resources());
        }
        return new Baseline(Totals.of(false), Totals.of(true), io.ringzero.agent.count.ErrorsByClass.snapshot(), sites, resources);
    }

    /** The application's ({@code own=false}) or the agent's counters since the start. */
    long[] counters(boolean own) {
        long[] now = Totals.of(own);
        long[] base = own ? this.own : app;
        if (base != null) for (int i = 0; i < now.length; i++) now[i] -= base[i];
        return now;
    }

    Map<String, Long> errors() {
        Map<String, Long> now = io.ringzero.agent.count.ErrorsByClass.snapshot();
        if (errors.isEmpty()) return now;
        Map<String, Long> since = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : now.entrySet()) {
            long n = e.getValue() - errors.getOrDefault(e.getKey(), 0L);
            if (n > 0) since.put(e.getKey(), n);
        }
        return since;
    }

    /** A site's walks since the start. */
    long walks(CallSites.Site s) {
        long[] base = sites.get(s);
        return s.walks() - (base == null ? 0 : base[0]);
    }

    /** A site's weight since the start; never negative (a later object walk may take calls back from it). */
    long weight(CallSites.Site s) {
        long[] base = sites.get(s);
        return Math.max(0, s.weight() - (base == null ? 0 : base[1]));
    }

    /** A site's resources with their weight and walks since the start; those with no walk since left out. */
    Map<String, long[]> resources(CallSites.Site s) {
        Map<String, long[]> now = s.resources(), base = resources.get(s);
        if (base == null) return now;
        Map<String, long[]> since = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : now.entrySet()) {
            long[] b = base.get(e.getKey());
            long[] v = b == null ? e.getValue() : new long[] {Math.max(0, e.getValue()[0] - b[0]), e.getValue()[1] - b[1]};
            if (v[1] > 0) since.put(e.getKey(), v);
        }
        return since;
    }
}
