package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A dial setting with what its filters were measured to add per syscall over its runs.
 *
 * @param deltaNs   mean of the launchers' getppid differences (0 without a filter)
 * @param deltaSdNs their standard deviation: how well one launcher measures it
 */
public record DialLevelResult(@JsonProperty("setting") DialLevel setting,
                              @JsonProperty("runs") int runs,
                              @JsonProperty("delta_ns") double deltaNs,
                              @JsonProperty("delta_sd_ns") double deltaSdNs) {
}
