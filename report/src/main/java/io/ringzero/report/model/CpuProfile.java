package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.runfile.Run;

import java.util.Locale;

/**
 * The figures of a run file's {@code profile} section (docs/run-file.md) that bound the ring-0 saving: how
 * many CPU samples fell in the kernel and how many of those in the syscall entry/exit code. When they cannot
 * give a bound, {@code missing} says why in words and the shares are null: a run without a usable profile
 * must say so, not show a zero.
 *
 * @param engine             the engine that ran ({@code cpu}, {@code ctimer}, {@code itimer}), null when none ran
 * @param status             the profiler's status at the write ({@code stopped}, {@code off}, ...), null without a section
 * @param intervalNs         CPU time per sample
 * @param samples            all CPU samples of the process
 * @param kernelSamples      samples with a kernel leaf
 * @param entryExitSamples   kernel samples in the crossing itself
 * @param wrapperSamples     user samples on a libc syscall wrapper (where exit time surfaces with a timer-driven clock)
 * @param kernelShare        kernel samples / samples
 * @param entryExitShare     entry/exit samples / kernel samples: the low end of the crossing's share
 * @param entryExitShareHigh (entry/exit + wrapper) / (kernel + wrapper): the high end
 * @param missing            why the profile gives no bound, null when it does
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CpuProfile(@JsonProperty("engine") String engine,
                         @JsonProperty("status") String status,
                         @JsonProperty("interval_ns") Long intervalNs,
                         @JsonProperty("samples") Long samples,
                         @JsonProperty("kernel_samples") Long kernelSamples,
                         @JsonProperty("entry_exit_samples") Long entryExitSamples,
                         @JsonProperty("wrapper_samples") Long wrapperSamples,
                         @JsonProperty("kernel_share") Double kernelShare,
                         @JsonProperty("entry_exit_share_of_kernel") Double entryExitShare,
                         @JsonProperty("entry_exit_share_of_kernel_high") Double entryExitShareHigh,
                         @JsonProperty("missing") String missing) {

    public boolean usable() {
        return missing == null;
    }

    /** CPU time the samples stand for (samples x interval), null when either is unknown. */
    public Double sampledCpuS() {
        return samples == null || intervalNs == null ? null : samples * intervalNs * 1e-9;
    }

    /** The figures of a run file's {@code profile} section, or why there are none; null when the file has none. */
    public static CpuProfile of(Run.Profile p) {
        if (p == null) {
            return absent(null, "the run file has no profile section (written by an agent before run-file "
                    + "schema_minor 1)");
        }
        String status = blankToNull(p.status());
        String engine = blankToNull(p.engine());
        Long kernel = p.kernelSamples();
        Double share = p.entryExitShareOfKernel();
        Double high = p.entryExitShareOfKernelHigh();

        String missing = null;
        if ("off".equals(status)) {
            missing = "profile=off: no CPU profile was taken";
        } else if ("starting".equals(status)) {
            missing = "the profiler was still starting at this write (an interval write): nothing sampled yet";
        } else if ("failed".equals(status) || engine == null) {
            String error = blankToNull(p.error());
            missing = "no profiler could start" + (error == null ? "" : ": " + error);
        } else if ("abandoned".equals(status)) {
            missing = "the application ended before the profiler was up: nothing was sampled";
        } else if (!Boolean.TRUE.equals(p.kernelFrames())) {
            String why = blankToNull(p.fallbackReason());
            missing = "the " + engine + " engine samples no kernel frames"
                    + (why == null ? "" : " (perf_events was refused: " + why + ")")
                    + ": the kernel's share cannot be split into crossing and work";
        } else if (kernel == null || kernel == 0 || share == null) {
            missing = String.format(Locale.ROOT, "the profile has no kernel samples (%s samples in all): no share to apply",
                    p.samples() == null ? "no" : String.format(Locale.ROOT, "%,d", p.samples()));
        }
        if (high == null && share != null) {
            // files written before the wrapper samples were counted: the only end there is
            high = share;
        }
        return new CpuProfile(engine, status, p.intervalNs(), p.samples(), kernel, p.entryExitSamples(), p.wrapperSamples(),
                p.kernelShare(), missing == null ? share : null, missing == null ? high : null, missing);
    }

    private static CpuProfile absent(String status, String why) {
        return new CpuProfile(null, status, null, null, null, null, null, null, null, null, why);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
