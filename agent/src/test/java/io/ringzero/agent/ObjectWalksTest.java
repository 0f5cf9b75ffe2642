package io.ringzero.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringzero.agent.count.CallSites;
import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first calls on each I/O object are walked besides the schedule, so a rare site that has its own stream or
 * socket is seen on a thread already busy with the same kind. Outside the count package: frames of that package
 * are skipped as the agent's own. Each test uses its own syscall kind, on a fresh thread.
 */
class ObjectWalksTest {
    /** With the default schedule, calls 98,304 to 114,687 are one gap: the walk at 98,304 stands for all of them. */
    private static final int GAP_START = 98_304, GAP_END = 114_688;

    @BeforeEach
    void defaults() {
        Counters.configure(64, 16384, 32, true);
    }

    @Test
    void aRareSiteOnItsOwnObjectIsWalkedAndTakesItsCallFromTheSampledSite() throws Exception {
        int k = Syscall.FALLOCATE;
        Object[] two = twoObjectsInDifferentWays(); // in one way, the rare object would make the busy one new again
        Object busy = two[0], rare = two[1];
        onFreshThread(() -> {
            for (int i = 0; i < 100_000; i++) busyCall(k, busy);
            rareCall(k, rare);
            for (int i = 100_001; i < GAP_END; i++) busyCall(k, busy);
        });
        CallSites.Site rareSite = site(k, "rareCall"), busySite = site(k, "busyCall");
        assertThat(rareSite.walks()).isEqualTo(1);
        assertThat(rareSite.weight()).isEqualTo(1);
        // 32 first calls, the powers of two 32 .. 16,384, then 32,768 .. 98,304: the sampled weights still add up
        // to every call up to the end of the last gap, the rare call included once.
        assertThat(busySite.walks()).isEqualTo(32 + 10 + 5);
        assertThat(busySite.weight() + rareSite.weight()).isEqualTo(GAP_END);
    }

    @Test
    void objectsAlternatedInTurnAreWalkedOnlyForTheirFirstCalls() throws Exception {
        int k = Syscall.STATFS;
        Object[] two = twoObjectsInDifferentWays();
        onFreshThread(() -> {
            for (int i = 0; i < GAP_END; i++) alternatingCall(k, two[i & 1]);
        });
        CallSites.Site s = site(k, "alternatingCall");
        assertThat(s.walks()).isEqualTo(32 + 10 + 5); // their first calls fell in the thread's first 32
        assertThat(s.weight()).isEqualTo(GAP_END);
    }

    @Test
    void aNewObjectAtEveryCallWalksWithinTheBudget() throws Exception {
        int k = Syscall.FCHOWN;
        int calls = 100_000;
        onFreshThread(() -> {
            for (int i = 0; i < calls; i++) newObjectCall(k, new Object());
        });
        CallSites.Site s = site(k, "newObjectCall");
        long scheduled = 32 + 10 + 5, budget = 64 + calls / 16384;
        assertThat(s.walks()).isEqualTo(scheduled + budget);
        assertThat(s.weight()).isEqualTo(GAP_END);
    }

    @Test
    void withSitesOffNothingIsWalked() throws Exception {
        Counters.configure(64, 16384, 32, false);
        int k = Syscall.LINKAT;
        onFreshThread(() -> {
            for (int i = 0; i < 1000; i++) sitesOffCall(k, new Object());
        });
        assertThat(sites(k, "sitesOffCall")).isEmpty();
    }

    private static void busyCall(int k, Object on) { Counters.end(k, 16, 16, 0L, on); }
    private static void rareCall(int k, Object on) { Counters.end(k, 16, 16, 0L, on); }
    private static void alternatingCall(int k, Object on) { Counters.end(k, 16, 16, 0L, on); }
    private static void newObjectCall(int k, Object on) { Counters.end(k, 16, 16, 0L, on); }
    private static void sitesOffCall(int k, Object on) { Counters.end(k, 16, 16, 0L, on); }

    private static Object[] twoObjectsInDifferentWays() {
        Object a = new Object();
        while (true) {
            Object b = new Object();
            if (((System.identityHashCode(a) ^ System.identityHashCode(b)) & 7) != 0) return new Object[] {a, b};
        }
    }

    private static void onFreshThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r, "object-walks");
        t.start();
        t.join();
    }

    private static CallSites.Site site(int k, String method) {
        List<CallSites.Site> found = sites(k, method);
        assertThat(found).as("sites of %s through %s", Syscall.NAMES[k], method).hasSize(1);
        return found.get(0);
    }

    private static List<CallSites.Site> sites(int k, String method) {
        List<CallSites.Site> found = new ArrayList<>();
        for (CallSites.Site s : CallSites.sites()) {
            if (s.kind == k && !s.frames.isEmpty() && s.frames.get(0).contains("." + method + "(")) found.add(s);
        }
        return found;
    }
}
