package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.model.Times;

/** One row of the Table 2 comparison: where the figures come from and the figures. */
public record TableRow(@JsonProperty("label") String label,
                       @JsonProperty("kind") String kind,
                       @JsonProperty("times") Times times) {

    public static final String MEASURED = "measured";
    public static final String PREDICTED = "predicted";
    public static final String EXTRAPOLATED = "extrapolated";
}
