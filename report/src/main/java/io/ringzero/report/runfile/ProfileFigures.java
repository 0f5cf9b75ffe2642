package io.ringzero.report.runfile;

import io.ringzero.report.profile.KernelFigures;
import io.ringzero.report.profile.KernelShare;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills a major-2 run file's profile with the figures derived from its {@code stacks}, so that every reader sees
 * one {@link Run.Profile} whichever major wrote it. The agent records samples; what they mean is worked out here
 * once, by {@link KernelShare}.
 */
final class ProfileFigures {

    /** The agent's default {@code depth}, for a file that does not say. */
    private static final int DEFAULT_DEPTH = 8;

    private ProfileFigures() {
    }

    static Run derived(Run r) {
        Run.Profile p = r.profile();
        if (p == null || p.stacks() == null) {
            return r;
        }
        int depth = r.agent() != null && r.agent().depth() > 0 ? r.agent().depth() : DEFAULT_DEPTH;
        KernelFigures k = KernelShare.figures(p.stacks(), depth, Boolean.TRUE.equals(p.kernelFrames()));
        List<Run.ProfiledSyscall> by = new ArrayList<>();
        for (KernelFigures.Syscall s : k.bySyscall()) {
            List<Run.Chain> chains = new ArrayList<>();
            for (KernelFigures.Chain c : s.chains()) {
                chains.add(new Run.Chain(c.samples(), RunChecks.frames(c.frames())));
            }
            by.add(new Run.ProfiledSyscall(s.name(), s.samples(), s.shareOfKernel(), chains));
        }
        Long samples = p.samples() != null ? p.samples() : k.samples();
        Run.Profile filled = new Run.Profile(p.requested(), p.engine(), p.status(), p.kernelFrames(), p.intervalNs(),
                p.fallbackReason(), p.error(), samples, k.kernelSamples(), k.kernelShare(), k.syscallSamples(),
                k.entryExitSamples(), k.entryExitShareOfKernel(), k.wrapperSamples(), k.entryExitShareOfKernelHigh(),
                k.exitWorkSamples(), k.bodySamples(), k.otherKernelSamples(), by, p.flamegraph(), p.collapsed(),
                p.warnings(), p.stacks());
        return r.withProfile(filled);
    }
}
