package io.ringzero.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void pidAndStartAreWhatProcessHandleSays() {
        Long[] ours = ProcStats.pidAndStartMs();
        ProcessHandle self = ProcessHandle.current();
        assertThat(ours[0]).isEqualTo(self.pid());
        // both from /proc/stat's btime and the start in 10 ms ticks; rounding may differ by a tick
        assertThat(ours[1]).isCloseTo(self.info().startInstant().orElseThrow().toEpochMilli(), within(10L));
    }
}
