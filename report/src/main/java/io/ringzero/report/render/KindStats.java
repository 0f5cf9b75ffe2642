package io.ringzero.report.render;

import java.util.List;
import java.util.Map;

/**
 * The figures of one syscall kind in a view (one run, or several runs summed).
 * Latency figures come from the agent's timed sample, so they are estimates; counts are exact.
 */
public record KindStats(String name, long calls, long errors, long bytesRequested, long bytes,
                        Map<String, Long> errorsByClass, long timed, long sumNs, long[] log2Ns,
                        List<SiteStats> sites) {

    /**
     * Poll kinds, for which the agent records the descriptors asked for and returned ({@code numfds} and the
     * ready count of {@code epoll_wait}) in the byte fields: counts of descriptors, not bytes.
     */
    public static final java.util.Set<String> POLL_KINDS = java.util.Set.of("poll", "ppoll", "select", "pselect6",
            "epoll_wait", "epoll_pwait", "epoll_pwait2");

    public boolean isPoll() {
        return POLL_KINDS.contains(name);
    }

    public boolean movesData() {
        return !isPoll() && (bytesRequested > 0 || bytes > 0);
    }

    /** Bytes moved; 0 for poll kinds, whose byte fields hold descriptor counts. */
    public long movedBytes() {
        return isPoll() ? 0 : bytes;
    }

    public double bytesPerCall() {
        return calls == 0 ? 0 : (double) movedBytes() / calls;
    }

    /** For a poll kind whose calls report ready descriptors: at least this many calls returned none. */
    public long emptyPollsAtLeast() {
        return isPoll() && bytesRequested > 0 ? Math.max(0, calls - errors - bytes) : 0;
    }

    /** Mean latency of the timed calls, or NaN when none was timed. */
    public double meanNs() {
        return timed == 0 ? Double.NaN : (double) sumNs / timed;
    }

    /** Estimated wall time spent inside calls of this kind: exact count times sampled mean. */
    public double estimatedTimeNs() {
        return timed == 0 ? Double.NaN : meanNs() * calls;
    }

    /**
     * Upper bound of the log2 bucket holding quantile {@code q} of the timed calls: the true value lies in
     * {@code [bound/2, bound)}. NaN when nothing was timed.
     */
    public double percentileUpperNs(double q) {
        if (log2Ns == null || timed == 0) {
            return Double.NaN;
        }
        long inHistogram = 0;
        for (long c : log2Ns) {
            inHistogram += c;
        }
        if (inHistogram == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * inHistogram);
        long cumulative = 0;
        for (int i = 0; i < log2Ns.length; i++) {
            cumulative += log2Ns[i];
            if (cumulative >= rank) {
                return Math.pow(2, i + 1);
            }
        }
        return Math.pow(2, log2Ns.length);
    }
}
