package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One run of the checked program.
 *
 * @param index    1-based, in the order the runs were made
 * @param round    0-based round: each round runs every level once
 * @param level    index into the check's levels
 * @param launch   what the launcher measured
 * @param runFile  the agent's run file of this run
 */
public record CheckRun(@JsonProperty("index") int index,
                      @JsonProperty("round") int round,
                      @JsonProperty("level") int level,
                      @JsonProperty("launch") LaunchResult launch,
                      @JsonProperty("run_file") String runFile) {
}
