package io.ringzero.report.check;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LineFitTest {

    @Test
    void recoversAnExactLine() {
        double[] x = {0, 1, 2, 3};
        double[] y = {1, 3, 5, 7};
        LineFit f = LineFit.of(x, y);
        assertThat(f.slope()).isCloseTo(2, within(1e-12));
        assertThat(f.intercept()).isCloseTo(1, within(1e-12));
        assertThat(f.slopeSe()).isCloseTo(0, within(1e-12));
        assertThat(f.at(-1)).isCloseTo(-1, within(1e-12));
    }

    @Test
    void intervalMatchesTheTextbookOnNoisyPoints() {
        // y = 2x + noise; by hand: sxy 19.7, sxx 10, sse 0.091: slope 1.97, se sqrt(0.091 / 3 / 10), t(3) = 3.182
        double[] x = {0, 1, 2, 3, 4};
        double[] y = {0.1, 1.9, 4.2, 5.8, 8.0};
        LineFit f = LineFit.of(x, y);
        assertThat(f.slope()).isCloseTo(1.97, within(1e-9));
        assertThat(f.slopeSe()).isCloseTo(Math.sqrt(0.091 / 3 / 10), within(1e-9));
        assertThat(f.slopeHigh() - f.slope()).isCloseTo(3.182 * f.slopeSe(), within(1e-9));
        assertThat(f.slopeIntervalContains(2.0)).isTrue();
    }

    @Test
    void blocksTakeADriftBetweenRoundsOutOfTheSlope() {
        // Two rounds of the same line, the second shifted up by 10: one slope, no residual.
        double[] x = {0, 1, 2, 0, 1, 2};
        double[] y = {0, 2, 4, 10, 12, 14};
        LineFit blocked = LineFit.blocked(x, y, new int[]{0, 0, 0, 1, 1, 1});
        assertThat(blocked.slope()).isCloseTo(2, within(1e-12));
        assertThat(blocked.residualSd()).isCloseTo(0, within(1e-9));
        assertThat(LineFit.of(x, y).residualSd()).isGreaterThan(4);
    }

    @Test
    void studentQuantileApproachesTheNormal() {
        assertThat(LineFit.studentT975(1)).isEqualTo(12.706);
        assertThat(LineFit.studentT975(20)).isCloseTo(2.086, within(0.002));
        assertThat(LineFit.studentT975(1000)).isCloseTo(1.962, within(0.002));
    }

    @Test
    void medianIgnoresOneWildLauncher() {
        assertThat(AddedCostCheck.median(new double[]{300, 2161, 310, 290})).isEqualTo(305);
        assertThat(AddedCostCheck.median(new double[]{3, 1, 2})).isEqualTo(2);
    }

}
