package io.ringzero.report.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadTest {

    @Test
    void quartilesInterpolateBetweenRanks() {
        Spread s = Spread.of(new double[] {5, 1, 4, 2, 3});
        assertThat(s).isEqualTo(new Spread(1, 2, 3, 4, 5, 5));

        Spread even = Spread.of(new double[] {4, 1, 3, 2});
        assertThat(even.median()).isEqualTo(2.5);
        assertThat(even.p25()).isEqualTo(1.75);
    }
}
