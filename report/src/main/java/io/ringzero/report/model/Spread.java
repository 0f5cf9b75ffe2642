package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/** Order statistics of repeated measurements: the median is what we quote, the quartiles its spread. */
public record Spread(@JsonProperty("min") double min,
                     @JsonProperty("p25") double p25,
                     @JsonProperty("median") double median,
                     @JsonProperty("p75") double p75,
                     @JsonProperty("max") double max,
                     @JsonProperty("n") int n) {

    public static Spread of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        return new Spread(s[0], quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75), s[s.length - 1], s.length);
    }

    /** Linear interpolation between closest ranks, as most statistics packages do by default. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** The interquartile range as a band around the median. */
    public Band interquartile() {
        return new Band(p25, median, p75);
    }
}
