package io.ringzero.report.render;

import io.ringzero.report.run.LoadedRun;

import java.util.List;

/** Everything the renderers show: the views (combined first when there are several runs) and the optional model result. */
public record Report(List<LoadedRun> runs, List<View> views, Ring0Prediction prediction) {

    public static Report of(List<LoadedRun> runs, Ring0Prediction prediction) {
        return new Report(List.copyOf(runs), Views.of(runs), prediction);
    }

    public static Report of(List<LoadedRun> runs) {
        return of(runs, null);
    }
}
