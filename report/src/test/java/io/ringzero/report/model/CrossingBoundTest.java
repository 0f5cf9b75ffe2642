package io.ringzero.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringzero.report.Fixtures;
import io.ringzero.report.runfile.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.ringzero.report.model.ModelInputsTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The profile's bound on the ring-0 saving, from profiled.json: 2.0 s system, 1,000,000 writes, 200 kernel
 * samples of 400, 50 of them in entry/exit (25 %), 10 more on the write wrapper (high end 60/210).
 */
class CrossingBoundTest {

    private static Prediction predict(JsonNode run, double savingNs) {
        return RingZeroModel.predict(ModelInputs.fromRunFile(Fixtures.run(run)), ModelParameters.givenSaving(savingNs, 0.30, "test"));
    }

    @Test
    void boundIsSystemTimeTimesTheEntryExitShareWithItsHighEnd() throws IOException {
        CrossingBound c = predict(resource("profiled.json"), 500).crossing();

        assertThat(c.systemS()).isEqualTo(2.0);
        assertThat(c.crossingLowS()).isCloseTo(0.5, within(1e-9));
        assertThat(c.crossingHighS()).isCloseTo(2.0 * 0.285714, within(1e-9));
        assertThat(c.profile().engine()).isEqualTo("cpu");
        assertThat(c.profile().samples()).isEqualTo(400L);
        assertThat(c.profile().sampledCpuS()).isCloseTo(4.0, within(1e-9));
        // 1e6 calls x 500 ns = 0.5 s: inside the measured 0.50-0.57 s
        assertThat(c.countBasedS().central()).isCloseTo(0.5, within(1e-9));
        assertThat(c.verdict()).isEqualTo(CrossingBound.Verdict.CONSISTENT);
        assertThat(c.finding()).contains("0.500-0.571 s", "lies within", "500-571 ns per counted call");
    }

    @Test
    void countsAboveTheMeasuredCrossingAreFlaggedAsOverstated() throws IOException {
        // 1e6 x 900 ns = 0.9 s, beyond 0.571 s widened by two standard errors of 60 samples (0.72 s)
        Prediction p = predict(resource("profiled.json"), 900);

        assertThat(p.crossing().verdict()).isEqualTo(CrossingBound.Verdict.COUNTS_EXCEED_CROSSING);
        assertThat(p.crossing().finding()).contains("1.6x", "calibration overstates", "under-samples");
        assertThat(p.flagged(Flag.SAVING_EXCEEDS_CROSSING)).isTrue();
    }

    @Test
    void crossingFarAboveTheCountsSaysTheCountsMissCalls() throws IOException {
        // 0.1 s against at least 0.5 s x (1 - 2/sqrt(50)) = 0.36 s
        Prediction p = predict(resource("profiled.json"), 100);

        assertThat(p.crossing().verdict()).isEqualTo(CrossingBound.Verdict.CROSSING_EXCEEDS_COUNTS);
        assertThat(p.crossing().finding()).contains("5.0x", "counts miss syscalls");
        assertThat(p.flagged(Flag.SAVING_EXCEEDS_CROSSING)).isFalse();
    }

    @Test
    void theProfileLeavesTheModelsOwnFiguresAlone() throws IOException {
        ObjectNode without = (ObjectNode) resource("profiled.json");
        without.remove("profile");
        Prediction with = predict(resource("profiled.json"), 300);
        Prediction bare = predict(without, 300);

        assertThat(with.scenarios()).isEqualTo(bare.scenarios());
        assertThat(with.sites()).isEqualTo(bare.sites());
        assertThat(bare.crossing().verdict()).isEqualTo(CrossingBound.Verdict.NO_PROFILE);
        assertThat(bare.crossing().finding()).contains("no profile section", "schema_minor 1");
        assertThat(bare.crossing().crossingLowS()).isNull();
    }

    @Test
    void profileOffGivesNoNumberAndSaysWhy() throws IOException {
        CrossingBound c = predict(resource("profile-off.json"), 300).crossing();

        assertThat(c.verdict()).isEqualTo(CrossingBound.Verdict.NO_PROFILE);
        assertThat(c.profile().missing()).isEqualTo("profile=off: no CPU profile was taken");
        assertThat(c.crossingLowS()).isNull();
        assertThat(c.crossingHighS()).isNull();
        assertThat(c.profile().entryExitShare()).isNull();
    }

    @Test
    void aFallbackEngineWithoutKernelFramesSaysSoWithPerfsReason() throws IOException {
        ObjectNode run = (ObjectNode) resource("profiled.json");
        ObjectNode p = (ObjectNode) run.get("profile");
        p.put("engine", "ctimer").put("kernel_frames", false)
                .put("fallback_reason", "perf_event_open for TID 1 failed: Permission denied; perf_event_paranoid=3");
        for (String f : new String[] {"kernel_samples", "kernel_share", "entry_exit_samples", "entry_exit_share_of_kernel",
                "wrapper_samples", "entry_exit_share_of_kernel_high"}) {
            p.putNull(f);
        }
        CrossingBound c = predict(run, 300).crossing();

        assertThat(c.verdict()).isEqualTo(CrossingBound.Verdict.NO_PROFILE);
        assertThat(c.finding()).contains("ctimer engine samples no kernel frames", "perf_event_paranoid=3");
        assertThat(c.profile().samples()).isEqualTo(400L);
    }

    @Test
    void aProfileWithoutKernelSamplesHasNoShareToApply() throws IOException {
        ObjectNode run = (ObjectNode) resource("profiled.json");
        ((ObjectNode) run.get("profile")).put("kernel_samples", 0).putNull("entry_exit_share_of_kernel");

        assertThat(predict(run, 300).crossing().finding()).contains("no kernel samples (400 samples in all)");
    }

    @Test
    void aShareThatIsNotANumberIsBadInput() throws IOException {
        ObjectNode run = (ObjectNode) resource("profiled.json");
        ((ObjectNode) run.get("profile")).put("entry_exit_share_of_kernel", "a lot");

        assertThatThrownBy(() -> Fixtures.run(run)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("is not a valid run file").hasMessageContaining("a lot");
        ((ObjectNode) run.get("profile")).put("entry_exit_share_of_kernel", 1.25);
        assertThatThrownBy(() -> Fixtures.run(run)).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("profile.entry_exit_share_of_kernel is 1.25, not a share between 0 and 1)");
    }

    @Test
    void numbersGivenByHandHaveNoCrossingInTheirJson() throws Exception {
        Prediction p = RingZeroModel.predict(ModelInputs.whatIf(611.78, 142.08, 300_000_000L, null),
                ModelParameters.givenSaving(64, 0.30, "seed"));

        assertThat(p.crossing()).isNull();
        assertThat(new ObjectMapper().writeValueAsString(p)).doesNotContain("crossing");
    }
}
