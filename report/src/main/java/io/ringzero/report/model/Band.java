package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A value with the range it may plausibly take. {@code low} and {@code high} are the ends of the range,
 * not necessarily smaller and larger than {@code central} in every derived quantity: a band of savings
 * maps to a band of predicted times in the opposite direction, so constructors sort the ends.
 */
public record Band(@JsonProperty("low") double low,
                   @JsonProperty("central") double central,
                   @JsonProperty("high") double high) {

    public Band {
        double lo = Math.min(low, high);
        double hi = Math.max(low, high);
        low = lo;
        high = hi;
    }

    public static Band exactly(double value) {
        return new Band(value, value, value);
    }

    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** Applies a monotonic function to each end and the centre; the ends are re-sorted. */
    public Band map(java.util.function.DoubleUnaryOperator f) {
        return new Band(f.applyAsDouble(low), f.applyAsDouble(central), f.applyAsDouble(high));
    }
}
