package io.ringzero.report.diff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.model.ModelInputs;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.RingZeroModel;
import io.ringzero.report.model.Scenario;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What moved between two runs of the same workload (each side one run file, or several added together, e.g. a
 * demo's server and client): syscalls per kind, per call site, CPU times and the ring-0 prediction.
 *
 * @param counts      where the per-kind counts come from: the kernel's totals when both sides have them, else
 *                    the agent's Java-level counts
 * @param total       all syscalls of {@code counts}
 * @param kinds       per kind, largest change first
 * @param sites       per call site (the agent's estimates), largest change first, at most {@link #SITES}
 * @param categories  per category of the kernel's per-thread counts (who makes the syscalls); null unless both
 *                    sides have them
 * @param resources   per file or socket (the agent's estimates, over all kinds), largest change first, at most
 *                    {@link #SITES}
 * @param cpu         CPU, user and system seconds
 * @param ring0SavedCpuShare the share of CPU the call-path scenario would save; null without a model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDiff(@JsonProperty("schema") String schema,
                      @JsonProperty("old") List<String> oldFiles,
                      @JsonProperty("new") List<String> newFiles,
                      @JsonProperty("counts") String counts,
                      @JsonProperty("total") Change total,
                      @JsonProperty("kinds") List<KindChange> kinds,
                      @JsonProperty("sites") List<SiteChange> sites,
                      @JsonProperty("categories") List<CategoryChange> categories,
                      @JsonProperty("resources") List<ResourceChange> resources,
                      @JsonProperty("cpu") CpuChange cpu,
                      @JsonProperty("ring0_saved_cpu_share") DoubleChange ring0SavedCpuShare) {

    public static final String SCHEMA = "ringzero.diff/1";
    static final int SITES = 20;

    /** Old and new count; the change and its percentage (null from zero). */
    public record Change(@JsonProperty("old") long old, @JsonProperty("new") long now) {
        @JsonProperty("change")
        public long delta() {
            return now - old;
        }

        @JsonProperty("change_pct")
        public Double pct() {
            return old == 0 ? null : 100.0 * (now - old) / old;
        }
    }

    public record DoubleChange(@JsonProperty("old") double old, @JsonProperty("new") double now) {
        @JsonProperty("change")
        public double delta() {
            return now - old;
        }

        @JsonProperty("change_pct")
        public Double pct() {
            return old == 0 ? null : 100.0 * (now - old) / old;
        }
    }

    public record KindChange(@JsonProperty("kind") String kind, @JsonProperty("calls") Change calls) {
    }

    /** A call site by its kind, JDK method and innermost application frame. */
    public record SiteChange(@JsonProperty("kind") String kind, @JsonProperty("api") String api,
                             @JsonProperty("frame") String frame, @JsonProperty("calls") Change calls) {
    }

    /** A category id of {@link Category} ({@code java_io}, {@code jit}, ...). */
    public record CategoryChange(@JsonProperty("category") String category, @JsonProperty("calls") Change calls) {
    }

    /** A file's path or a socket's addresses, as the agent's walks named it. */
    public record ResourceChange(@JsonProperty("resource") String resource, @JsonProperty("calls") Change calls) {
    }

    public record CpuChange(@JsonProperty("cpu_s") DoubleChange cpuS, @JsonProperty("user_s") DoubleChange userS,
                            @JsonProperty("system_s") DoubleChange systemS) {
    }

    /** @param params the model's parameters, or null for no ring-0 figures */
    public static RunDiff of(List<LoadedRun> old, List<LoadedRun> now, ModelParameters params) {
        boolean kernel = old.stream().allMatch(RunDiff::hasKernelCounts) && now.stream().allMatch(RunDiff::hasKernelCounts);
        Map<String, Long> oldKinds = kinds(old, kernel);
        Map<String, Long> newKinds = kinds(now, kernel);
        List<KindChange> kinds = new ArrayList<>();
        for (String k : union(oldKinds.keySet(), newKinds.keySet())) {
            kinds.add(new KindChange(k, new Change(oldKinds.getOrDefault(k, 0L), newKinds.getOrDefault(k, 0L))));
        }
        kinds.sort(Comparator.comparingLong((KindChange k) -> -Math.abs(k.calls().delta())).thenComparing(KindChange::kind));

        Map<List<String>, Long> oldSites = sites(old);
        Map<List<String>, Long> newSites = sites(now);
        List<SiteChange> sites = new ArrayList<>();
        for (List<String> key : allSites(oldSites.keySet(), newSites.keySet())) {
            sites.add(new SiteChange(key.get(0), key.get(1).isEmpty() ? null : key.get(1), key.get(2),
                    new Change(oldSites.getOrDefault(key, 0L), newSites.getOrDefault(key, 0L))));
        }
        sites.sort(Comparator.comparingLong((SiteChange s) -> -Math.abs(s.calls().delta())));

        Attribution oldA = Attribution.of(old, javaKinds(old)), newA = Attribution.of(now, javaKinds(now));
        List<CategoryChange> categories = null;
        if (oldA != null && newA != null) {
            categories = new ArrayList<>();
            for (Category c : Category.values()) {
                Change ch = new Change(oldA.byCategory().getOrDefault(c, 0L), newA.byCategory().getOrDefault(c, 0L));
                if (ch.old() != 0 || ch.now() != 0) {
                    categories.add(new CategoryChange(c.id, ch));
                }
            }
        }
        Map<String, Long> oldRes = resources(old), newRes = resources(now);
        List<ResourceChange> resources = new ArrayList<>();
        for (String r : union(oldRes.keySet(), newRes.keySet())) {
            resources.add(new ResourceChange(r, new Change(oldRes.getOrDefault(r, 0L), newRes.getOrDefault(r, 0L))));
        }
        resources.sort(Comparator.comparingLong((ResourceChange r) -> -Math.abs(r.calls().delta())).thenComparing(ResourceChange::resource));

        Prediction oldP = predict(old, params);
        Prediction newP = predict(now, params);
        return new RunDiff(SCHEMA, files(old), files(now), kernel ? "kernel totals (kernel_oracle)" : "Java-level counts",
                new Change(sum(oldKinds), sum(newKinds)), kinds, sites.subList(0, Math.min(SITES, sites.size())), categories,
                resources.subList(0, Math.min(SITES, resources.size())),
                new CpuChange(new DoubleChange(user(old) + system(old), user(now) + system(now)),
                        new DoubleChange(user(old), user(now)), new DoubleChange(system(old), system(now))),
                oldP == null || newP == null ? null : new DoubleChange(savedShare(oldP), savedShare(newP)));
    }

    /** Grew by more than {@code pct} per cent (all syscalls of {@link #counts}). */
    public boolean grewMoreThan(double pct) {
        return total.now() > total.old() * (1 + pct / 100.0);
    }

    private static boolean hasKernelCounts(LoadedRun r) {
        return r.run().kernelOracle() != null && r.run().kernelOracle().syscalls() != null
                && !r.run().kernelOracle().syscalls().isEmpty();
    }

    private static Map<String, Long> kinds(List<LoadedRun> runs, boolean kernel) {
        Map<String, Long> m = new TreeMap<>();
        for (LoadedRun r : runs) {
            if (kernel) {
                r.run().kernelOracle().syscalls().forEach((k, v) -> m.merge(k, v, Long::sum));
            } else {
                for (Run.Syscall s : r.run().syscalls()) {
                    m.merge(s.name(), s.calls(), Long::sum);
                }
            }
        }
        return m;
    }

    private static Map<String, Long> javaKinds(List<LoadedRun> runs) {
        return kinds(runs, false);
    }

    private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile(":\\d+(?= |$)");
    private static final java.util.regex.Pattern INODE = java.util.regex.Pattern.compile("^(pipe|socket):\\[\\d+]$");

    /**
     * A resource as two runs can share it: a socket without its ports (ephemeral, or a server's random port, in each
     * run), a pipe or an unnamed socket without its inode.
     */
    static String comparable(String resource) {
        java.util.regex.Matcher inode = INODE.matcher(resource);
        if (inode.matches()) {
            return inode.group(1);
        }
        return resource.startsWith("tcp") || resource.startsWith("udp") ? PORT.matcher(resource).replaceAll(":*") : resource;
    }

    /** Each resource's estimated calls, over every kind and site (sockets and pipes as {@link #comparable}). */
    private static Map<String, Long> resources(List<LoadedRun> runs) {
        Map<String, Long> m = new TreeMap<>();
        for (LoadedRun r : runs) {
            for (Run.Syscall s : r.run().syscalls()) {
                for (Run.Site site : s.sites() == null ? List.<Run.Site>of() : s.sites()) {
                    for (Run.Resource res : site.resources() == null ? List.<Run.Resource>of() : site.resources()) {
                        m.merge(comparable(res.resource()), res.calls(), Long::sum);
                    }
                }
            }
        }
        return m;
    }

    private static Map<List<String>, Long> sites(List<LoadedRun> runs) {
        Map<List<String>, Long> m = new LinkedHashMap<>();
        for (LoadedRun r : runs) {
            for (Run.Syscall s : r.run().syscalls()) {
                for (Run.Site site : s.sites() == null ? List.<Run.Site>of() : s.sites()) {
                    String frame = site.frames().isEmpty() ? "(no application frame)" : site.frames().get(0);
                    m.merge(List.of(s.name(), site.api() == null ? "" : site.api(), frame), site.calls(), Long::sum);
                }
            }
        }
        return m;
    }

    private static <T extends Comparable<T>> TreeSet<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        TreeSet<T> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The old side's sites in their order, then the ones only the new side has. */
    private static List<List<String>> allSites(java.util.Set<List<String>> a, java.util.Set<List<String>> b) {
        List<List<String>> all = new ArrayList<>(a);
        for (List<String> k : b) {
            if (!a.contains(k)) {
                all.add(k);
            }
        }
        return all;
    }

    private static double user(List<LoadedRun> runs) {
        return runs.stream().mapToDouble(r -> figure(r, true)).sum();
    }

    private static double system(List<LoadedRun> runs) {
        return runs.stream().mapToDouble(r -> figure(r, false)).sum();
    }

    private static double figure(LoadedRun r, boolean user) {
        Run.Figures now = r.run().cpu() == null ? null : r.run().cpu().now();
        Double v = now == null ? null : user ? now.userS() : now.systemS();
        return v == null ? 0 : v;
    }

    private static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<String> files(List<LoadedRun> runs) {
        return runs.stream().map(r -> r.file().toString()).toList();
    }

    private static Prediction predict(List<LoadedRun> runs, ModelParameters params) {
        if (params == null) {
            return null;
        }
        double user = 0, system = 0;
        Map<String, Long> calls = new TreeMap<>();
        for (LoadedRun r : runs) {
            ModelInputs in = ModelInputs.fromRunFile(r.run());
            user += in.measured().userS();
            system += in.measured().systemS();
            in.callsByKind().forEach((k, v) -> calls.merge(k, v, Long::sum));
        }
        return RingZeroModel.predict(new ModelInputs(io.ringzero.report.model.Times.of(user, system, null), null,
                io.ringzero.report.model.CountSource.GIVEN, null, calls, List.of(), null, null, false), params);
    }

    private static double savedShare(Prediction p) {
        double cpu = p.measured().cpuS();
        return cpu == 0 ? 0 : 1 - p.scenario(Scenario.CALL_PATH).cpuS().central() / cpu;
    }
}
