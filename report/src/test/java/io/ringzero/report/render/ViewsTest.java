package io.ringzero.report.render;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ViewsTest {

    @Test
    void percentilesAreTheUpperBoundOfTheirLog2Bucket() {
        long[] h = new long[12];
        h[10] = 50; // [1024, 2048) ns
        h[11] = 49;
        KindStats k = new KindStats("x", 100, 0, 0, 0, Map.of(), 100, 0, withTail(h), List.of());
        assertThat(k.percentileUpperNs(0.5)).isEqualTo(2048);
        assertThat(k.percentileUpperNs(0.99)).isEqualTo(4096);
        assertThat(k.percentileUpperNs(1.0)).isEqualTo(Math.pow(2, 21));
        assertThat(new KindStats("y", 1, 0, 0, 0, Map.of(), 0, 0, new long[0], List.of()).percentileUpperNs(0.5)).isNaN();
    }

    private static long[] withTail(long[] h) {
        long[] t = java.util.Arrays.copyOf(h, 21);
        t[20] = 1;
        return t;
    }

    @Test
    void timelineRatesComeFromSnapshotDifferences() {
        View v = Views.of(List.of(Fixtures.load("client"))).get(0);
        Timeline t = v.timeline();
        // 12 snapshots at 1..12 s plus the final write at 12.4 s
        assertThat(t.endS()).hasSize(13);
        assertThat(t.endS()[12]).isEqualTo(12.4);
        double[] read = t.rates().get("read");
        var snaps = Fixtures.load("client").run().snapshots();
        long d = snaps.get(5).calls().get("read") - snaps.get(4).calls().get("read");
        assertThat(read[5]).isCloseTo(d / 1.0, within(1e-9));
        // the whole run's reads are the sum of rate x interval
        double sum = 0;
        double prev = 0;
        for (int i = 0; i < read.length; i++) {
            sum += read[i] * (t.endS()[i] - prev);
            prev = t.endS()[i];
        }
        assertThat(sum).isCloseTo(186_342, within(0.5));
    }

    @Test
    void combinedTimelineKeepsEveryCall() {
        View v = Views.of(List.of(Fixtures.load("client"), Fixtures.load("server"))).get(0);
        assertThat(v.combined()).isTrue();
        Timeline t = v.timeline();
        double width = t.endS()[0];
        double sum = 0;
        for (double[] series : t.rates().values()) {
            for (double r : series) {
                sum += r * width;
            }
        }
        assertThat(sum).isCloseTo(196_609 + 835_808, within(1.0));
        assertThat(t.rates()).containsKey("other"); // 13 kinds, 8 shown by name
    }

    @Test
    void coverageExplainsWhatTheJavaCountsCover() {
        Coverage c = Views.of(List.of(Fixtures.load("client"))).get(0).coverage();
        assertThat(c.tool()).isEqualTo("perf");
        assertThat(c.kernelTotal()).isEqualTo(211_963);
        Coverage.Row futex = c.rows().stream().filter(r -> r.name().equals("futex")).findFirst().orElseThrow();
        assertThat(futex.java()).isZero();
        assertThat(futex.unexplained()).isEqualTo(8_841);
        Coverage.Row read = c.rows().stream().filter(r -> r.name().equals("read")).findFirst().orElseThrow();
        assertThat(read.unexplained()).isEqualTo(61); // kernel 186,455 = 186,342 Java + 52 agent + 61 JVM
        assertThat(c.explained()).isEqualTo(c.kernelTotal() - c.unexplained());
        assertThat(c.rows().get(0).name()).isEqualTo("futex"); // the biggest remainder first
    }
}
