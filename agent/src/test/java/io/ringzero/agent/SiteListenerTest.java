package io.ringzero.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringzero.agent.count.CallSites;
import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.SiteListener;
import io.ringzero.agent.count.Syscall;
import io.ringzero.agent.count.Totals;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener the JFR events hang on: told of every walk, in the walking thread; its failures reach no one. */
class SiteListenerTest {
    @AfterEach
    void noListener() {
        CallSites.listen(null);
        Counters.configure(64, 16384, 32, true);
    }

    @Test
    void toldOfEachWalkInTheCallingThreadWithItsWeight() throws Exception {
        Counters.configure(64, 16, 4, true);
        List<String> told = new ArrayList<>();
        CallSites.listen(new SiteListener() {
            @Override
            public void walked(int kind, String api, long weight) {
                told.add(Syscall.NAMES[kind] + " " + weight + " " + Thread.currentThread().getName());
            }
        });
        Thread t = new Thread(() -> {
            for (int i = 0; i < 64; i++) Counters.end(Syscall.SYMLINKAT, 0, 0, 0L);
        }, "caller");
        t.start();
        t.join();
        // walks at calls 0-3 (weight 1 each), 4 (4: calls 4-7), 8 (8), then every 16th: 16, 32, 48
        assertThat(told).containsExactly("symlinkat 1 caller", "symlinkat 1 caller", "symlinkat 1 caller", "symlinkat 1 caller",
                "symlinkat 4 caller", "symlinkat 8 caller", "symlinkat 16 caller", "symlinkat 16 caller", "symlinkat 16 caller");
    }

    @Test
    void aFailingListenerLosesItsEventNotTheCallOrTheSite() throws Exception {
        CallSites.listen(new SiteListener() {
            @Override
            public void walked(int kind, String api, long weight) { throw new IllegalStateException("listener failed"); }
        });
        long before = Totals.of(false)[Syscall.LINKAT * Counters.STRIDE + Counters.CALLS];
        Thread t = new Thread(() -> Counters.end(Syscall.LINKAT, 0, 0, 0L));
        t.start();
        t.join();
        assertThat(Totals.of(false)[Syscall.LINKAT * Counters.STRIDE + Counters.CALLS]).isEqualTo(before + 1);
        assertThat(CallSites.sites()).anyMatch(s -> s.kind == Syscall.LINKAT);
    }

    @Test
    void whatTheListenerDoesIsTheAgentsOwn() throws Exception {
        int k = Syscall.FCHOWNAT, also = Syscall.SYMLINK;
        CallSites.listen(new SiteListener() {
            @Override
            public void walked(int kind, String api, long weight) { if (kind == k) Counters.end(also, 0, 0, 0L); }
        });
        long appBefore = Totals.of(false)[also * Counters.STRIDE], ownBefore = Totals.of(true)[also * Counters.STRIDE];
        Thread t = new Thread(() -> Counters.end(k, 0, 0, 0L));
        t.start();
        t.join();
        assertThat(Totals.of(false)[also * Counters.STRIDE]).isEqualTo(appBefore);
        assertThat(Totals.of(true)[also * Counters.STRIDE]).isEqualTo(ownBefore + 1);
    }
}
