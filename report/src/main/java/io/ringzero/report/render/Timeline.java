package io.ringzero.report.render;

import java.util.Map;

/**
 * Syscalls per second per kind over the run. {@code endS[i]} is the end of interval {@code i} (seconds since
 * the earliest agent start of the view); {@code rates.get(kind)[i]} the rate over that interval.
 */
public record Timeline(double[] endS, Map<String, double[]> rates) {

    public boolean isEmpty() {
        return endS.length == 0;
    }
}
