package io.ringzero.report.render;

import io.ringzero.report.runfile.LoadedRun;

import java.util.List;

/**
 * What one section of the report shows: one run, or several runs (JVMs) summed.
 *
 * @param durationS the longest measured window (seconds from agent start to the last write) among the runs
 * @param coverage  null when a run of the view has no {@code kernel_oracle}
 */
public record View(String label, boolean combined, List<LoadedRun> runs, List<KindStats> kinds,
                   long calls, long errors, long bytes, double durationS, Timeline timeline,
                   Coverage coverage, List<Finding> findings) {

    public double callsPerSecond(long n) {
        return durationS > 0 ? n / durationS : Double.NaN;
    }
}
