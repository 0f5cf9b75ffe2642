package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A least-squares line y = intercept + slope * x with the 95 % confidence interval of the slope
 * (Student's t: the runs are few, the normal quantile would be too narrow).
 *
 * <p>{@link #blocked} fits one slope with an offset per block (the check's rounds, each of which visits
 * every delta once): a machine whose load drifts between rounds moves a round's runs together, and the
 * offsets take that out of the slope and of its interval.
 */
public record LineFit(@JsonProperty("n") int n,
                      @JsonProperty("intercept") double intercept,
                      @JsonProperty("slope") double slope,
                      @JsonProperty("slope_se") double slopeSe,
                      @JsonProperty("slope_ci95_low") double slopeLow,
                      @JsonProperty("slope_ci95_high") double slopeHigh,
                      @JsonProperty("residual_sd") double residualSd,
                      @JsonProperty("r2") double r2) {

    public static LineFit of(double[] x, double[] y) {
        return blocked(x, y, new int[x.length]);
    }

    /** One slope, one offset per distinct {@code block}; the intercept is the blocks' average offset. */
    public static LineFit blocked(double[] x, double[] y, int[] block) {
        int n = x.length;
        if (n != y.length || n < 3) {
            throw new IllegalArgumentException("a line with a confidence interval needs at least 3 points, got " + n);
        }
        if (block.length != n) {
            throw new IllegalArgumentException("one block per point");
        }
        java.util.Map<Integer, double[]> sums = new java.util.HashMap<>();   // block -> {sum x, sum y, count}
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            double[] s = sums.computeIfAbsent(block[i], b -> new double[3]);
            s[0] += x[i];
            s[1] += y[i];
            s[2]++;
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        int blocks = sums.size();
        if (n - blocks - 1 < 1) {
            throw new IllegalArgumentException("too few points for " + blocks + " block(s) and a slope");
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        double[] cx = new double[n];
        double[] cy = new double[n];
        for (int i = 0; i < n; i++) {
            double[] s = sums.get(block[i]);
            cx[i] = x[i] - s[0] / s[2];
            cy[i] = y[i] - s[1] / s[2];
            sxx += cx[i] * cx[i];
            sxy += cx[i] * cy[i];
            syy += cy[i] * cy[i];
        }
        if (!(sxx > 0)) {
            throw new IllegalArgumentException("all points have the same x: no slope to fit");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = cy[i] - slope * cx[i];
            sse += r * r;
        }
        int df = n - blocks - 1;
        double residualSd = Math.sqrt(sse / df);
        double se = residualSd / Math.sqrt(sxx);
        double t = studentT975(df);
        double r2 = syy > 0 ? 1 - sse / syy : 1;
        return new LineFit(n, intercept, slope, se, slope - t * se, slope + t * se, residualSd, r2);
    }

    public double at(double x) {
        return intercept + slope * x;
    }

    public boolean slopeIntervalContains(double value) {
        return value >= slopeLow && value <= slopeHigh;
    }

    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};

    /** The 0.975 quantile of Student's t: a table up to 10 degrees of freedom, Cornish-Fisher beyond. */
    static double studentT975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1");
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }
}
