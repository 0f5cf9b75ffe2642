package io.ringzero.agent.live;

import io.ringzero.agent.count.SiteListener;
import io.ringzero.agent.count.Syscall;

/** Commits a {@link SyscallSiteEvent} for each stack walk, while a recording has the event enabled. */
final class JfrSiteListener implements SiteListener {
    @Override
    public void walked(int kind, String api, long weight) {
        SyscallSiteEvent e = new SyscallSiteEvent();
        if (!e.shouldCommit()) return;
        e.kind = Syscall.NAMES[kind];
        e.api = api;
        e.calls = weight;
        e.commit();
    }
}
