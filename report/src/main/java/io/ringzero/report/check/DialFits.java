package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.model.Times;

/**
 * The four lines of the dial, each a time in seconds against the added cost per syscall in seconds:
 * the slope of each is a number of syscalls, the slope of {@code cpu} is N_eff.
 */
public record DialFits(@JsonProperty("cpu") LineFit cpu,
                       @JsonProperty("user") LineFit user,
                       @JsonProperty("system") LineFit system,
                       @JsonProperty("wall") LineFit wall) {

    /** The lines read at a given delta per syscall (negative: a saving). User and system sum to CPU. */
    public Times at(double deltaSeconds) {
        return Times.of(user.at(deltaSeconds), system.at(deltaSeconds), wall.at(deltaSeconds));
    }
}
