package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The check's answer in words.
 *
 * @param agree            N_eff is within the tolerance of the counted N
 * @param nDifferencePct   (N_eff - N) / N in percent
 * @param tolerancePct     the tolerance asked for
 * @param lines            the verdict, one sentence a line
 */
public record Verdict(@JsonProperty("agree") boolean agree,
                      @JsonProperty("n_difference_pct") double nDifferencePct,
                      @JsonProperty("tolerance_pct") double tolerancePct,
                      @JsonProperty("lines") List<String> lines) {

    public Verdict {
        lines = List.copyOf(lines);
    }
}
