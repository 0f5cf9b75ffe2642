package io.ringzero.report.check;

import org.junit.jupiter.api.Test;

import java.util.List;

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
    void filterCostSeparatesTheFixedPartFromThePerLoadPart() {
        List<LaunchResult> runs = List.of(
                launch(List.of(), 0),
                launch(List.of(1000), 40 + 200),
                launch(List.of(2000), 40 + 400),
                launch(List.of(2000, 2000), 80 + 800),
                launch(List.of(3000), 40 + 600));
        FilterCost c = FilterCost.fit(runs);
        assertThat(c.perFilterNs()).isCloseTo(40, within(1e-6));
        assertThat(c.perLoadNs()).isCloseTo(0.2, within(1e-9));
        assertThat(c.runs()).isEqualTo(4);
        assertThat(c.deltaNs(0, 0)).isZero();
        assertThat(c.deltaNs(1, 500)).isCloseTo(140, within(1e-6));
        assertThat(FilterCost.fit(List.of(launch(List.of(1000), 240)))).isNull();
    }

    private static LaunchResult launch(List<Integer> loads, double delta) {
        return new LaunchResult(loads, null, null, delta, 0, 1.0, 1.0, 2.0, null, null);
    }
}
