package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.runfile.Run;

/**
 * The syscall counts a run file offers for comparison with N_eff.
 *
 * @param javaLevel    the agent's count of syscalls issued by the JDK's natives ({@code totals.calls})
 * @param kernel       the kernel's own total for the whole process, when known
 * @param kernelSource where {@code kernel} comes from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunCounts(@JsonProperty("java_level") long javaLevel,
                        @JsonProperty("kernel") Long kernel,
                        @JsonProperty("kernel_source") String kernelSource) {

    static RunCounts of(Run run) {
        if (run.totals() == null) {
            throw new CheckFailure(1, "the run file has no totals.calls: was the agent attached?");
        }
        long calls = run.totals().calls();
        Run.KernelOracle oracle = run.kernelOracle();
        if (oracle != null && oracle.total() != null) {
            return new RunCounts(calls, oracle.total(),
                    "kernel_oracle (" + (oracle.tool() == null ? "?" : oracle.tool()) + "), every kind");
        }
        Run.Figures now = run.cpu() == null ? null : run.cpu().now();
        if (now != null && now.syscr() != null && now.syscw() != null) {
            // Only the read and write families, but of the whole JVM: a floor for those kinds, not a total.
            return new RunCounts(calls, now.syscr() + now.syscw(),
                    "/proc/<pid>/io syscr+syscw: read- and write-family calls of the whole JVM, other kinds not counted");
        }
        return new RunCounts(calls, null, null);
    }
}
