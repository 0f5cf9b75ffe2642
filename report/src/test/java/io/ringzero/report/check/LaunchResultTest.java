package io.ringzero.report.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFitUsesTheCpuClockDeltaWhenTheLauncherMeasuredOne() throws Exception {
        LaunchResult r = JSON.readValue("{\"loads_per_filter\":[3000],\"delta_ns\":900.0,\"cpu_delta_ns\":610.0,"
                + "\"user_s\":0.8,\"system_s\":1.1}", LaunchResult.class);
        assertThat(r.fitDeltaNs()).isEqualTo(610.0);
        assertThat(r.loads()).isEqualTo(3000);
    }

    @Test
    void aResultWithoutTheCpuClockFigureFallsBackToTheWallClockOne() throws Exception {
        LaunchResult r = JSON.readValue("{\"loads_per_filter\":[3000],\"delta_ns\":900.0}", LaunchResult.class);
        assertThat(r.fitDeltaNs()).isEqualTo(900.0);
    }

    @Test
    void theCpuClockFiguresSurviveTheRoundTrip() throws Exception {
        LaunchResult r = new LaunchResult(List.of(100), 400.0, 420.0, 20.0, 19.0, 21.0, 22.0, 12, 18.0, 17.0, 19.0, 18.5,
                0, 0.5, 0.6, 1.2, 1000L, null);
        String json = JSON.writeValueAsString(r);
        assertThat(json).contains("\"cpu_delta_ns\":18.0").contains("\"cpu_delta_during_run_ns\":18.5");
        assertThat(JSON.readValue(json, LaunchResult.class)).isEqualTo(r);
    }
}
