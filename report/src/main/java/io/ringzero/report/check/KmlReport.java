package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.model.Prediction;

import java.util.List;

/**
 * A real KML comparison ({@code ringzero check --kml}): the same workload as a normal and as a
 * kernel-mode process, against the model's prediction.
 *
 * @param kernel       the kernel and the marker that identified it as KML
 * @param atSysinfo    what the probe under /trusted found in its auxiliary vector
 * @param normalRuns   runs as a normal process
 * @param ring0Runs    runs as a kernel-mode process, each verified ring 0 by its run file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KmlReport(@JsonProperty("schema") String schema,
                        @JsonProperty("backend") String backend,
                        @JsonProperty("kernel") KmlHost kernel,
                        @JsonProperty("at_sysinfo") String atSysinfo,
                        @JsonProperty("n_counted") long nCounted,
                        @JsonProperty("table") List<TableRow> table,
                        @JsonProperty("verdict") List<String> verdict,
                        @JsonProperty("prediction") Prediction prediction,
                        @JsonProperty("normal_runs") List<CheckRun> normalRuns,
                        @JsonProperty("ring0_runs") List<CheckRun> ring0Runs) {
}
