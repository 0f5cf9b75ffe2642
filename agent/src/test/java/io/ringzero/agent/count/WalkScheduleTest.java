package io.ringzero.agent.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkScheduleTest {
    @Test
    void theFirstCallsThenPowersOfTwoThenOneInThePeriod() {
        List<Long> walks = walksUpTo(new WalkSchedule(32, 16384), 100_000);
        assertThat(walks.subList(0, 32)).containsExactlyElementsOf(range(0, 32));
        assertThat(walks.subList(32, walks.size())).containsExactly(32L, 64L, 128L, 256L, 512L, 1024L, 2048L, 4096L,
                8192L, 16384L, 32768L, 49152L, 65536L, 81920L, 98304L);
    }

    @Test
    void withoutFirstCallsTheScheduleStartsAtZeroAndOne() {
        assertThat(walksUpTo(new WalkSchedule(0, 1024), 5000)).containsExactly(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L,
                512L, 1024L, 2048L, 3072L, 4096L);
    }

    @Test
    void aPeriodOfOneWalksEveryCall() {
        assertThat(walksUpTo(new WalkSchedule(0, 1), 100)).containsExactlyElementsOf(range(0, 100));
    }

    @Test
    void eachWalkWeighsTheCallsUpToTheNext() {
        WalkSchedule s = new WalkSchedule(32, 16384);
        List<Long> walks = walksUpTo(s, 1 << 20);
        for (int i = 0; i + 1 < walks.size(); i++) {
            assertThat(s.weight(walks.get(i))).as("walk at %d", walks.get(i)).isEqualTo(walks.get(i + 1) - walks.get(i));
        }
    }

    @Test
    void objectWalksGetAFirstBudgetThenOnePerPeriod() {
        WalkSchedule s = new WalkSchedule(32, 16384);
        assertThat(s.objectWalkFits(63, 0)).isTrue();
        assertThat(s.objectWalkFits(64, 16383)).isFalse();
        assertThat(s.objectWalkFits(64, 16384)).isTrue();
        assertThat(s.objectWalkFits(66, 3 * 16384 - 1)).isFalse();
        assertThat(s.objectWalkFits(66, 3 * 16384)).isTrue();
    }

    @Test
    void onlyTheFirstCallsOnAnObjectCount() {
        long[] seen = new long[Syscall.COUNT * WalkSchedule.WAYS];
        int a = 0x1234_5670, b = 0x7654_3210; // the same way
        for (int i = 0; i < WalkSchedule.OBJECT_FIRST; i++) assertThat(WalkSchedule.firstCallOn(seen, 3, a)).isTrue();
        assertThat(WalkSchedule.firstCallOn(seen, 3, a)).isFalse();
        assertThat(WalkSchedule.firstCallOn(seen, 4, a)).as("another kind").isTrue();
        assertThat(WalkSchedule.firstCallOn(seen, 3, b)).as("another object in the way").isTrue();
        assertThat(WalkSchedule.firstCallOn(seen, 3, a)).as("forgotten, so new again").isTrue();
    }

    @Test
    void theCountersReportTheScheduleTheyWereGiven() {
        try {
            Counters.configure(64, 1024, 8, true);
            assertThat(Counters.siteSampleEvery()).isEqualTo(1024);
            assertThat(Counters.siteAlwaysFirst()).isEqualTo(8);
        } finally {
            Counters.configure(64, 16384, 32, true);
        }
    }

    private static List<Long> walksUpTo(WalkSchedule s, long calls) {
        List<Long> walks = new ArrayList<>();
        for (long n = 0; n < calls; n = s.next(n)) walks.add(n);
        return walks;
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long n = from; n < to; n++) r.add(n);
        return r;
    }
}
