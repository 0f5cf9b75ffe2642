package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What the launcher reports for one run of the workload, in a small JSON file: its filters, the delta
 * they add per syscall, and the workload's exit code and resource usage.
 *
 * @param loadsPerFilter     padding loads of each stacked filter (empty: no filter)
 * @param getppidBeforeNs    ns per getppid on the launcher's unfiltered thread (null without filters)
 * @param getppidAfterNs     ns per getppid on its filtered thread
 * @param deltaNs            what the filters add to each syscall: the mean of the timings before and after
 *                           the workload (0 without filters)
 * @param deltaBeforeRunNs   the side-by-side difference timed before the workload
 * @param deltaAfterRunNs    the same after it (null in a probe)
 * @param deltaDuringRunNs   trimmed mean of small pairs taken every 50 ms while the workload ran, a
 *                           diagnostic (near 0 without filters: the same timing runs at every setting)
 * @param pairsDuringRun     how many such pairs
 * @param cpuDeltaNs         the same side-by-side batches as {@code deltaNs}, timed by each thread's CPU
 *                           clock instead of the wall clock: mean of before and after the run
 * @param cpuDeltaBeforeRunNs the CPU-clock difference before the workload
 * @param cpuDeltaAfterRunNs  the same after it (null in a probe)
 * @param cpuDeltaDuringRunNs the pairs taken during the run, timed by the CPU clocks: trimmed mean
 * @param exitCode           the workload's exit code (null when it was not started)
 * @param userS              user CPU seconds of the workload and every descendant it waited for
 * @param systemS            system CPU seconds, same scope
 * @param wallS              from start to exit of the workload, as the launcher saw it
 * @param maxRssKib          largest resident set of the workload's process tree
 * @param error              why the launcher could not do its job (null when it could)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LaunchResult(@JsonProperty("loads_per_filter") List<Integer> loadsPerFilter,
                           @JsonProperty("getppid_before_ns") Double getppidBeforeNs,
                           @JsonProperty("getppid_after_ns") Double getppidAfterNs,
                           @JsonProperty("delta_ns") double deltaNs,
                           @JsonProperty("delta_before_run_ns") Double deltaBeforeRunNs,
                           @JsonProperty("delta_after_run_ns") Double deltaAfterRunNs,
                           @JsonProperty("delta_during_run_ns") Double deltaDuringRunNs,
                           @JsonProperty("pairs_during_run") int pairsDuringRun,
                           @JsonProperty("cpu_delta_ns") Double cpuDeltaNs,
                           @JsonProperty("cpu_delta_before_run_ns") Double cpuDeltaBeforeRunNs,
                           @JsonProperty("cpu_delta_after_run_ns") Double cpuDeltaAfterRunNs,
                           @JsonProperty("cpu_delta_during_run_ns") Double cpuDeltaDuringRunNs,
                           @JsonProperty("exit_code") Integer exitCode,
                           @JsonProperty("user_s") Double userS,
                           @JsonProperty("system_s") Double systemS,
                           @JsonProperty("wall_s") Double wallS,
                           @JsonProperty("max_rss_kib") Long maxRssKib,
                           @JsonProperty("error") String error) {

    public LaunchResult {
        loadsPerFilter = loadsPerFilter == null ? List.of() : List.copyOf(loadsPerFilter);
    }

    public int loads() {
        return loadsPerFilter.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The delta the fit uses for this run: the CPU-clock figure when the launcher measured one (a batch
     * preempted by another process's work adds wall time but no CPU time), else the wall-clock one.
     */
    public double fitDeltaNs() {
        return cpuDeltaNs != null ? cpuDeltaNs : deltaNs;
    }

    public double cpuS() {
        return userS + systemS;
    }
}
