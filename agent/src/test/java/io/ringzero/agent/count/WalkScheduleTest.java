package io.ringzero.agent.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WalkScheduleTest {
    @AfterEach
    void defaults() {
        Counters.configure(64, 16384, 32, true);
    }

    @Test
    void theFirstCallsThenPowersOfTwoThenOneInThePeriod() {
        Counters.configure(64, 16384, 32, true);
        List<Long> walks = walksUpTo(100_000);
        assertThat(walks.subList(0, 32)).containsExactlyElementsOf(range(0, 32));
        assertThat(walks.subList(32, walks.size())).containsExactly(32L, 64L, 128L, 256L, 512L, 1024L, 2048L, 4096L,
                8192L, 16384L, 32768L, 49152L, 65536L, 81920L, 98304L);
    }

    @Test
    void withoutFirstCallsTheScheduleStartsAtZeroAndOne() {
        Counters.configure(64, 1024, 0, true);
        assertThat(walksUpTo(5000)).containsExactly(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1024L, 2048L,
                3072L, 4096L);
    }

    @Test
    void aPeriodOfOneWalksEveryCall() {
        Counters.configure(64, 1, 0, true);
        assertThat(walksUpTo(100)).containsExactlyElementsOf(range(0, 100));
    }

    @Test
    void eachWalkWeighsTheCallsUpToTheNext() {
        Counters.configure(64, 16384, 32, true);
        List<Long> walks = walksUpTo(1 << 20);
        for (int i = 0; i + 1 < walks.size(); i++) {
            assertThat(Counters.weight(walks.get(i))).as("walk at %d", walks.get(i)).isEqualTo(walks.get(i + 1) - walks.get(i));
        }
    }

    private static List<Long> walksUpTo(long calls) {
        List<Long> walks = new ArrayList<>();
        for (long n = 0; n < calls; n = Counters.nextWalk(n)) walks.add(n);
        return walks;
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long n = from; n < to; n++) r.add(n);
        return r;
    }
}
