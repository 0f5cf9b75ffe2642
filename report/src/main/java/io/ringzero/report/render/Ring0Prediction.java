package io.ringzero.report.render;

import java.util.List;

/**
 * What the report needs from the ring-0 model ({@code io.ringzero.report.model}, written separately) to fill
 * the "Ring 0" section. The report renders the section only when a prediction is given, and shows exactly
 * these figures: it computes nothing itself.
 */
public interface Ring0Prediction {

    /** One sentence on how the figures were obtained (model, calibration, scenario). */
    String method();

    /** Measured CPU seconds of the run(s) the prediction starts from. */
    Band userS();

    Band systemS();

    /** Predicted CPU seconds under ring 0. */
    Band predictedUserS();

    Band predictedSystemS();

    /** Predicted (user + system) before / after; above 1 is faster. */
    Band speedup();

    /** Assumptions and warnings worth a reader's attention (e.g. "dS would exceed S: counts do not fit"). */
    List<String> notes();

    /** A figure with its uncertainty; {@code low == mid == high} for a measured one. */
    record Band(double low, double mid, double high) {
        public static Band exactly(double v) {
            return new Band(v, v, v);
        }
    }
}
