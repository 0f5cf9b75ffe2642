package io.ringzero.report.cli;

import io.ringzero.report.runfile.BadInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void unitsAndBareSeconds() throws BadInputException {
        assertThat(Durations.millis("--duration", "30s")).isEqualTo(30_000);
        assertThat(Durations.millis("--duration", "500ms")).isEqualTo(500);
        assertThat(Durations.millis("--duration", "2m")).isEqualTo(120_000);
        assertThat(Durations.millis("--duration", "1h")).isEqualTo(3_600_000);
        assertThat(Durations.millis("--duration", "1.5")).isEqualTo(1_500);
        assertThat(Durations.text(3000)).isEqualTo("3 s");
        assertThat(Durations.text(1500)).isEqualTo("1500 ms");
    }

    @Test
    void refusesWhatIsNoDuration() {
        for (String bad : new String[] {"", "s", "-1s", "10x", "50ms", "8d", "1e3"}) {
            assertThatThrownBy(() -> Durations.millis("--duration", bad)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("--duration: expected a duration");
        }
    }
}
