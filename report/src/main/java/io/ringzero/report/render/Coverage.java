package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;

import java.util.List;

/**
 * How much of the process's syscalls, as counted by the kernel ({@code kernel_oracle}), RingZero explains. Without
 * per-thread kernel counts, {@code explained} is the agent's Java-level and own counts, per kind at most what the
 * kernel saw; with them ({@code attribution}), every call in a category but {@code unexplained}.
 *
 * @param attribution null without per-thread kernel counts
 * @param tracerS     the seconds the kernel tracer's own program ran on the process's syscalls (bpftrace measures it;
 *                    inside the process's system time); null when a run does not say
 */
public record Coverage(String tool, long kernelTotal, long explained, List<Row> rows, Attribution attribution, Double tracerS) {

    /** One kind: kernel count, the application's Java-level count, the agent's own, and what is left. */
    public record Row(String name, long kernel, long java, long agent) {
        public long unexplained() {
            return Math.max(0, kernel - java - agent);
        }
    }

    public double explainedShare() {
        return kernelTotal == 0 ? Double.NaN : (double) explained / kernelTotal;
    }

    public long unexplained() {
        return rows.stream().mapToLong(Row::unexplained).sum();
    }
}
