package io.ringzero.report.render;

import io.ringzero.report.flame.RunFlameGraphs;
import io.ringzero.report.runfile.LoadedRun;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the renderers show: the views (combined first when there are several runs), the optional model
 * result, and each run's flame graphs (empty when the report was made without them; else one per run, in order).
 */
public record Report(List<LoadedRun> runs, List<View> views, Ring0Prediction prediction, List<RunFlameGraphs> flameGraphs) {

    public static Report of(List<LoadedRun> runs, Ring0Prediction prediction) {
        List<LoadedRun> labelled = distinctLabels(runs);
        return new Report(labelled, Views.of(labelled), prediction, List.of());
    }

    /** The same report with the runs' flame graphs, drawn by the caller for {@link #runs()} in order. */
    public Report withFlameGraphs(List<RunFlameGraphs> graphs) {
        if (graphs.size() != runs.size()) {
            throw new IllegalArgumentException("one flame-graph entry per run");
        }
        return new Report(runs, views, prediction, List.copyOf(graphs));
    }

    /** Each run's profile as the renderers show it. */
    public List<ProfileFacts> profiles() {
        List<ProfileFacts> out = new java.util.ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            out.add(ProfileFacts.of(runs.get(i), flameGraphs.isEmpty() ? null : flameGraphs.get(i)));
        }
        return out;
    }

    /**
     * Runs are told apart by label everywhere (sites, findings, sections), and {@code ringzero run} names every
     * run file run.json: same-named files get their directory in front, and a number if that is not enough.
     */
    public static List<LoadedRun> distinctLabels(List<LoadedRun> runs) {
        List<LoadedRun> out = new java.util.ArrayList<>();
        for (LoadedRun r : runs) {
            boolean clash = runs.stream().filter(o -> o.label().equals(r.label())).count() > 1;
            Path parent = r.file().toAbsolutePath().getParent();
            out.add(clash && parent != null && parent.getFileName() != null
                    ? r.withLabel(parent.getFileName() + "/" + r.label()) : r);
        }
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            String l = out.get(i).label();
            int n = seen.merge(l, 1, Integer::sum);
            if (n > 1) {
                out.set(i, out.get(i).withLabel(l + " #" + n));
            }
        }
        return List.copyOf(out);
    }

    public static Report of(List<LoadedRun> runs) {
        return of(runs, null);
    }
}
