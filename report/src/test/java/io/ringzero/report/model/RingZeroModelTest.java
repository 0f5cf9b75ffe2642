package io.ringzero.report.model;

import io.ringzero.report.calibrate.Calibration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class RingZeroModelTest {

    private static ModelInputs inputs(double user, double system, Double wall, Map<String, Long> calls) {
        return new ModelInputs(Times.of(user, system, wall), 2, CountSource.GIVEN, null, calls, List.of(), null, null,
                false);
    }

    @Test
    void seedWhatIfReproducesTheKmlRowOfTable2WithinOnePercent() {
        Prediction p = RingZeroModel.predict(ModelInputs.whatIf(611.78, 142.08, 300_000_000L, null),
                ModelParameters.givenSaving(64, 0.30, "seed"));

        Times kml = p.scenario(Scenario.CALL_PATH).predicted();
        assertThat(kml.userS()).isCloseTo(605.95, withPercentage(1));
        assertThat(kml.systemS()).isCloseTo(122.66, withPercentage(1));
        assertThat(kml.cpuS()).isCloseTo(728.61, withPercentage(1));
        // Finer than 1 %: the KML article's system row within 0.3 s.
        assertThat(kml.systemS()).isCloseTo(122.66, within(0.3));
        assertThat(p.flags()).isEmpty();
    }

    @Test
    void arithmeticOfOneScenario() {
        // 1e6 calls saving 100 ns each: dS = 0.1 s, dU = 0.03 s.
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, null, Map.of("write", 1_000_000L)),
                ModelParameters.givenSaving(100, 0.30, "test"));
        ScenarioPrediction full = p.scenario(Scenario.CALL_PATH);

        assertThat(full.systemSavedS().central()).isCloseTo(0.1, within(1e-12));
        assertThat(full.userSavedS().central()).isCloseTo(0.03, within(1e-12));
        assertThat(full.predicted().systemS()).isCloseTo(0.4, within(1e-12));
        assertThat(full.predicted().userS()).isCloseTo(0.97, within(1e-12));
        assertThat(full.predicted().cpuS()).isCloseTo(1.37, within(1e-12));
        assertThat(full.speedup().central()).isCloseTo(1.5 / 1.37, within(1e-12));
        assertThat(p.totalCalls()).isEqualTo(1_000_000L);
    }

    @Test
    void alphaBandSpansOneTenthToSixTenthsOfTheSystemSaving() {
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, null, Map.of("write", 1_000_000L)),
                ModelParameters.givenSaving(100, 0.30, "test"));
        ScenarioPrediction full = p.scenario(Scenario.CALL_PATH);

        assertThat(full.userSavedS().low()).isCloseTo(0.01, within(1e-12));
        assertThat(full.userSavedS().high()).isCloseTo(0.06, within(1e-12));
        assertThat(full.speedup().low()).isLessThan(full.speedup().central());
        assertThat(full.speedup().high()).isGreaterThan(full.speedup().central());
        assertThat(full.cpuS().low()).isCloseTo(1.5 - 0.1 - 0.06, within(1e-12));
        assertThat(full.cpuS().high()).isCloseTo(1.5 - 0.1 - 0.01, within(1e-12));
    }

    @Test
    void alphaOutsideTheDefaultBandWidensTheBand() {
        assertThat(ModelParameters.alphaBand(0.8)).isEqualTo(new Band(0.1, 0.8, 0.8));
        assertThat(ModelParameters.alphaBand(0.05)).isEqualTo(new Band(0.05, 0.05, 0.6));
    }

    @Test
    void stockGlibcKmlSavesOnlyTheDocumentedFractionOfTheCallPath() {
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, null, Map.of("read", 1_000_000L)),
                ModelParameters.givenSaving(100, 0.30, "test"));
        ScenarioPrediction full = p.scenario(Scenario.CALL_PATH);
        ScenarioPrediction stock = p.scenario(Scenario.KML_STOCK_GLIBC);

        assertThat(stock.savingPerCallNs().central()).isCloseTo(6.0, within(1e-9));
        assertThat(stock.savingPerCallNs().low()).isEqualTo(0.0);
        assertThat(stock.savingPerCallNs().high()).isCloseTo(12.0, within(1e-9));
        assertThat(stock.systemSavedS().central()).isCloseTo(0.06 * full.systemSavedS().central(), within(1e-12));
        assertThat(stock.label()).isEqualTo("KML with an unmodified glibc JVM");
        assertThat(full.label()).isEqualTo("ring 0, call path");
    }

    @Test
    void calibrationBandsTheSavingByInterquartileRanges() {
        Calibration c = new Calibration(Calibration.SCHEMA, "t", null, "2.36", "jvm", 5, 120, 2, 20, 200, 190,
                Map.of("trap_ns", new Spread(110, 115, 120, 125, 140, 5), "call_ns", new Spread(1.5, 1.8, 2, 2.2, 3, 5)), null);
        Band s = ModelParameters.fromCalibration(c, 0.3).savingNs();

        assertThat(s.central()).isCloseTo(118, within(1e-9));
        assertThat(s.low()).isCloseTo(112.8, within(1e-9));
        assertThat(s.high()).isCloseTo(123.2, within(1e-9));
    }

    @Test
    void savingLargerThanTheMeasuredSystemTimeIsFlagged() {
        // 1e7 calls at 64 ns would save 0.64 s of a 0.5 s system time.
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, null, Map.of("write", 10_000_000L)),
                ModelParameters.givenSaving(64, 0.30, "test"));

        assertThat(p.flagged(Flag.SAVING_EXCEEDS_SYSTEM)).isTrue();
        assertThat(p.flags()).filteredOn(f -> f.code().equals(Flag.SAVING_EXCEEDS_SYSTEM))
                .extracting(Flag::message).first().asString()
                .contains("ring 0, call path").contains("exceeds the measured system time").contains("50 ns");
        // The stock-glibc scenario saves 6 %: 0.04 s, which fits.
        assertThat(p.flags()).filteredOn(f -> f.message().startsWith("KML")).isEmpty();
    }

    @Test
    void theArticlesRunWithBufferedReadsImpliesAnImpossibleSavingAndSaysSo() {
        // docs/model.md: N near 1e7 would need 2 us per call.
        double implied = (142.08 - 122.66) / 1e7 * 1e9;
        Prediction p = RingZeroModel.predict(ModelInputs.whatIf(611.78, 142.08, 10_000_000L, null),
                ModelParameters.givenSaving(implied, 0.30, "implied"));

        assertThat(p.flagged(Flag.SAVING_NOT_A_MODE_SWITCH)).isTrue();
        assertThat(p.flags().get(0).message()).contains("1942 ns").contains("outside what a mode switch can cost");
    }

    @Test
    void aMachineWhoseTrapCostsOverAMicrosecondIsNotWarnedAbout() throws Exception {
        // a PTI guest: its calibration measured a 1.2 us trap, so a 1.2 us saving is this machine's, not an error
        Calibration pti = Calibration.load(java.nio.file.Path.of(
                RingZeroModelTest.class.getResource("/calibrations/pti-machine.json").toURI()));
        ModelParameters params = ModelParameters.fromCalibration(pti, 0.30);
        Prediction p = RingZeroModel.predict(inputs(1.0, 2.0, null, Map.of("write", 1_000_000L)), params);
        assertThat(params.savingNs().central()).isEqualTo(1199.0);
        assertThat(p.flagged(Flag.SAVING_NOT_A_MODE_SWITCH)).isFalse();

        // a saving beyond the dearest trap that calibration measured still is
        ModelParameters impossible = new ModelParameters(Band.exactly(5000), params.alpha(), params.kmlStockFraction(),
                "test", pti);
        Prediction q = RingZeroModel.predict(inputs(1.0, 20.0, null, Map.of("write", 1_000_000L)), impossible);
        assertThat(q.flagged(Flag.SAVING_NOT_A_MODE_SWITCH)).isTrue();
        assertThat(q.flags()).anySatisfy(f -> assertThat(f.message()).contains("5000 ns", "0-1290 ns",
                "the dearest trap this machine's calibration measured"));
    }

    @Test
    void aCrossingPartlyChargedAsUserTimeSplitsTheSavingAndNothingGoesNegative() throws Exception {
        // the PTI guest's calibration saw 52 % of a trap as system time; 1M one-byte writes to /dev/null took
        // 0.821 s of system and 1.219 s of user time there: the whole saving as system time would be -0.378 s
        Calibration pti = Calibration.load(java.nio.file.Path.of(
                RingZeroModelTest.class.getResource("/calibrations/pti-machine.json").toURI()));
        ModelParameters params = ModelParameters.fromCalibration(pti, 0.30);
        Prediction p = RingZeroModel.predict(inputs(1.219, 0.821, null, Map.of("write", 1_000_000L)), params);
        ScenarioPrediction full = p.scenario(Scenario.CALL_PATH);

        assertThat(params.systemShare()).isEqualTo(0.52);
        assertThat(full.systemSavedS().central()).isCloseTo(1_000_000 * 1199e-9 * 0.52, within(1e-9));
        assertThat(full.userSavedS().central()).isCloseTo(1_000_000 * 1199e-9 * (0.52 * 0.30 + 0.48), within(1e-9));
        assertThat(full.systemS().low()).isPositive();
        assertThat(full.userS().low()).isPositive();
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("52 % of a crossing's CPU time charged as system"));
        assertThat(p.flagged(Flag.SAVING_EXCEEDS_SYSTEM)).isFalse();

        // a calibration that did not measure the split charges it all to system time, as before
        assertThat(ModelParameters.givenSaving(100, 0.3, "t").systemShare()).isEqualTo(1.0);
    }

    @Test
    void negativeSavingIsFlagged() {
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, null, Map.of("write", 1000L)),
                ModelParameters.givenSaving(-5, 0.30, "test"));
        assertThat(p.flagged(Flag.SAVING_NOT_A_MODE_SWITCH)).isTrue();
    }

    @Test
    void noCallsIsFlaggedAndPredictsNoChange() {
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, 2.0, Map.of()),
                ModelParameters.givenSaving(100, 0.30, "test"));
        assertThat(p.flagged(Flag.NO_SYSCALLS)).isTrue();
        assertThat(p.scenario(Scenario.CALL_PATH).predicted()).isEqualTo(p.measured());
    }

    @Test
    void plausiblePredictionCarriesNoFlags() {
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, 2.0, Map.of("write", 1_000_000L)),
                ModelParameters.givenSaving(100, 0.30, "test"));
        assertThat(p.flags()).isEmpty();
    }

    @Test
    void waitingCallsSaveCpuButNotWall() {
        Map<String, Long> calls = Map.of("write", 1_000_000L, "futex", 1_000_000L);
        Prediction p = RingZeroModel.predict(inputs(1.0, 0.5, 3.0, calls), ModelParameters.givenSaving(100, 0.30, "t"));
        ScenarioPrediction full = p.scenario(Scenario.CALL_PATH);

        // CPU saving counts both kinds: 2e6 x 100 ns x 1.3.
        assertThat(full.cpuS().central()).isCloseTo(1.5 - 0.26, within(1e-12));
        // Wall: only the writes, parallelism 1.5/3 < 1 counts as 1.
        assertThat(full.wallS().central()).isCloseTo(3.0 - 0.13, within(1e-12));
    }

    @Test
    void wallSavingIsSharedOverTheRunsParallelism() {
        // 4 s of CPU in 2 s of wall: two busy threads, each saves half.
        Prediction p = RingZeroModel.predict(inputs(3.0, 1.0, 2.0, Map.of("write", 1_000_000L)),
                ModelParameters.givenSaving(100, 0.30, "t"));
        assertThat(p.scenario(Scenario.CALL_PATH).wallS().central()).isCloseTo(2.0 - 0.13 / 2, within(1e-12));
    }

    @Test
    void sitesAreRankedByPredictedSaving() {
        List<CallSite> sites = List.of(
                new CallSite("read", 10, "a", List.of("A.a(A.java:1)")),
                new CallSite("write", 1000, "b", List.of("B.b(B.java:2)")),
                new CallSite("read", 100, null, List.of()));
        ModelInputs in = new ModelInputs(Times.of(1, 1, null), null, CountSource.JAVA, null,
                Map.of("read", 110L, "write", 1000L), sites, null, true, false);
        Prediction p = RingZeroModel.predict(in, ModelParameters.givenSaving(100, 0.3, "t"));

        assertThat(p.sites()).extracting(s -> s.site().calls()).containsExactly(1000L, 100L, 10L);
        assertThat(p.sites().get(0).callPathS()).isCloseTo(1000 * 100e-9, within(1e-15));
        assertThat(p.sites().get(0).kmlStockGlibcS()).isCloseTo(1000 * 6e-9, within(1e-15));
        assertThat(p.sites().get(1).site().topFrame()).isEqualTo("(JDK-internal)");
    }
}
