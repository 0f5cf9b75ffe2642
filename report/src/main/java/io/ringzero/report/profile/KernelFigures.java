package io.ringzero.report.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a CPU profile's kernel samples went ({@link KernelShare}): the figures the agent wrote into the run file's
 * {@code profile} section up to schema_minor 2. Every kernel figure is null when the engine samples no kernel
 * frames (unknown, not zero), and a share is null when its denominator is zero.
 *
 * @param samples                     all samples
 * @param kernelSamples               samples with a kernel leaf
 * @param kernelShare                 kernel samples / samples
 * @param syscallSamples              kernel samples under the syscall entry
 * @param entryExitSamples            kernel samples in the crossing itself (entry/exit and mitigation code, no body)
 * @param entryExitShareOfKernel      entry/exit / kernel samples: the low end of the crossing's share
 * @param wrapperSamples              user samples on a libc syscall wrapper, where exit time surfaces after sysret
 * @param entryExitShareOfKernelHigh  (entry/exit + wrapper) / (kernel + wrapper): the high end
 * @param exitWorkSamples             work on the way out that is not the crossing (signals, rescheduling, task work)
 * @param bodySamples                 samples in a syscall's body
 * @param otherKernelSamples          the rest of the kernel samples (interrupts, page faults)
 * @param bySyscall                   the syscall bodies, most samples first
 */
public record KernelFigures(long samples, Long kernelSamples, Double kernelShare, Long syscallSamples, Long entryExitSamples,
                            Double entryExitShareOfKernel, Long wrapperSamples, Double entryExitShareOfKernelHigh,
                            Long exitWorkSamples, Long bodySamples, Long otherKernelSamples, List<Syscall> bySyscall) {

    /** A syscall whose body was sampled, with its most sampled Java chains. */
    public record Syscall(String name, long samples, Double shareOfKernel, List<Chain> chains) {
    }

    /** Java frames nearest the kernel, innermost first, like the run file's call sites. */
    public record Chain(long samples, List<String> frames) {
    }

    /** The figures under the names the run file's {@code profile} section gave them up to schema_minor 2. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("kernel_samples", kernelSamples);
        m.put("kernel_share", kernelShare);
        m.put("syscall_samples", syscallSamples);
        m.put("entry_exit_samples", entryExitSamples);
        m.put("entry_exit_share_of_kernel", entryExitShareOfKernel);
        m.put("wrapper_samples", wrapperSamples);
        m.put("entry_exit_share_of_kernel_high", entryExitShareOfKernelHigh);
        m.put("exit_work_samples", exitWorkSamples);
        m.put("body_samples", bodySamples);
        m.put("other_kernel_samples", otherKernelSamples);
        List<Map<String, Object>> by = new java.util.ArrayList<>();
        for (Syscall s : bySyscall) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", s.name());
            row.put("samples", s.samples());
            row.put("share_of_kernel", s.shareOfKernel());
            List<Map<String, Object>> chains = new java.util.ArrayList<>();
            for (Chain c : s.chains()) {
                Map<String, Object> chain = new LinkedHashMap<>();
                chain.put("samples", c.samples());
                chain.put("frames", c.frames());
                chains.add(chain);
            }
            row.put("chains", chains);
            by.add(row);
        }
        m.put("by_syscall", by);
        return m;
    }
}
