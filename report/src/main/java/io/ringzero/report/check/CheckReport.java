package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.model.Prediction;

import java.util.List;

/**
 * Everything {@code ringzero check} measured on the added-cost check and what it concludes
 * ({@code ringzero.check/1}, printed by {@code --json}).
 *
 * @param nEff            the slope of system time against the added cost per syscall
 * @param nCounted        the agent's Java-level count of the delta-0 run ({@code totals.calls})
 * @param deltaPerLoad    measured delta (ns) against padding loads over the filtered runs: slope = ns per load
 * @param orchestratorSeccomp the orchestrator's own seccomp mode (0: no filter), read from /proc/self/status
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckReport(@JsonProperty("schema") String schema,
                         @JsonProperty("backend") String backend,
                         @JsonProperty("workload") List<String> workload,
                         @JsonProperty("output_dir") String outputDir,
                         @JsonProperty("n_eff") double nEff,
                         @JsonProperty("n_eff_ci95") double[] nEffCi95,
                         @JsonProperty("n_counted") long nCounted,
                         @JsonProperty("counts") RunCounts counts,
                         @JsonProperty("delta_per_load") LineFit deltaPerLoad,
                         @JsonProperty("levels") List<AddedCostResult> levels,
                         @JsonProperty("fits") CostSlopes fits,
                         @JsonProperty("table") List<TableRow> table,
                         @JsonProperty("verdict") Verdict verdict,
                         @JsonProperty("prediction") Prediction prediction,
                         @JsonProperty("runs") List<CheckRun> runs,
                         @JsonProperty("orchestrator_seccomp") int orchestratorSeccomp) {

    public static final String SCHEMA = "ringzero.check/1";
}
