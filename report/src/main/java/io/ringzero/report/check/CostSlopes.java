package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.model.Times;

/**
 * The four lines of the check, each a time in seconds against the added cost per syscall in seconds:
 * the slope of each is a number of syscalls. N_eff is the slope of {@code system}: the filters add
 * their cost in the kernel, and user time only adds the JIT's and the GC's noise to the slope (see
 * docs/check.md). The table reads all four lines.
 */
public record CostSlopes(@JsonProperty("cpu") LineFit cpu,
                       @JsonProperty("user") LineFit user,
                       @JsonProperty("system") LineFit system,
                       @JsonProperty("wall") LineFit wall) {

    /** The line whose slope is N_eff. */
    public LineFit nEff() {
        return system;
    }

    /** The lines read at a given delta per syscall (negative: a saving). User and system sum to CPU. */
    public Times at(double deltaSeconds) {
        return Times.of(user.at(deltaSeconds), system.at(deltaSeconds), wall.at(deltaSeconds));
    }
}
