package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An added-cost setting with what its filters were measured to add per syscall over its runs.
 *
 * @param measuredNs   mean of the launchers' getppid differences by the CPU clocks (0 without a filter)
 * @param measuredSdNs their standard deviation: how well one launcher measures it
 * @param deltaNs      the delta the fit uses: the median of its runs' measured deltas
 */
public record AddedCostResult(@JsonProperty("setting") AddedCost setting,
                              @JsonProperty("runs") int runs,
                              @JsonProperty("measured_ns") double measuredNs,
                              @JsonProperty("measured_sd_ns") double measuredSdNs,
                              @JsonProperty("delta_ns") double deltaNs) {
}
