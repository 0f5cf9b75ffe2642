package io.ringzero.report.render;

import io.ringzero.report.flame.RunFlameGraphs;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the report says about one run's CPU profile (docs/profiler.md), in the same words in every format: the
 * engine and why, the sample counts and shares, the kinds whose bodies were sampled, and the flame graphs or why
 * they are missing. Nothing here is computed beyond the shares the run file has, except the comparison with the
 * process's own system share.
 *
 * @param run        the run's label
 * @param missing    why the run has no profile at all, null when it has one
 * @param facts      label and value pairs, in reading order
 * @param bySyscall  the kinds whose bodies were sampled, most samples first (at most {@link #KINDS})
 * @param flames     the run's flame graphs, null when the report was made without them
 */
public record ProfileFacts(String run, String missing, List<Fact> facts, List<Run.ProfiledSyscall> bySyscall,
                           RunFlameGraphs flames) {

    static final int KINDS = 5;

    public record Fact(String label, String value) {
    }

    static ProfileFacts of(LoadedRun lr, RunFlameGraphs flames) {
        Run.Profile p = lr.run().profile();
        if (p == null) {
            return new ProfileFacts(lr.label(), "the run file has no profile section (written by an agent before "
                    + "run-file schema_minor 1)", List.of(), List.of(), flames);
        }
        if ("off".equals(p.status())) {
            return new ProfileFacts(lr.label(), "profile=off: no CPU profile was taken", List.of(), List.of(), flames);
        }
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Profiler", engine(p)));
        if (p.samples() != null) {
            CpuTime cpu = CpuTime.of(lr.run());
            String sampled = p.intervalNs() == null ? "" : String.format(Locale.ROOT, " (%.2f s of CPU at %s a sample",
                    p.samples() * p.intervalNs() * 1e-9, Fmt.ns(p.intervalNs()))
                    + (Double.isNaN(cpu.totalS()) ? ")" : String.format(Locale.ROOT, "; the process used %.2f s)", cpu.totalS()));
            facts.add(new Fact("Samples", Fmt.count(p.samples()) + sampled));
        }
        if (p.kernelSamples() != null && p.kernelShare() != null) {
            double systemShare = CpuTime.of(lr.run()).systemShare();
            facts.add(new Fact("In the kernel", Fmt.count(p.kernelSamples()) + " samples, " + Fmt.percent(p.kernelShare())
                    + (Double.isNaN(systemShare) ? "" : " (system time is " + Fmt.percent(systemShare) + " of the CPU time)")));
        }
        if (p.entryExitSamples() != null && p.entryExitShareOfKernel() != null) {
            String high = p.entryExitShareOfKernelHigh() == null ? "" : "; " + Fmt.percent(p.entryExitShareOfKernelHigh())
                    + " counting the " + Fmt.count(p.wrapperSamples() == null ? 0 : p.wrapperSamples())
                    + " samples on syscall wrappers, where exit time surfaces (the high end)";
            facts.add(new Fact("Syscall entry/exit", Fmt.count(p.entryExitSamples()) + " samples, "
                    + Fmt.percent(p.entryExitShareOfKernel()) + " of the kernel samples" + high));
        }
        if (p.bodySamples() != null) {
            facts.add(new Fact("Rest of the kernel", Fmt.count(p.bodySamples()) + " in syscall bodies, "
                    + Fmt.count(p.exitWorkSamples() == null ? 0 : p.exitWorkSamples()) + " in exit work ring 0 would still do, "
                    + Fmt.count(p.otherKernelSamples() == null ? 0 : p.otherKernelSamples()) + " elsewhere (faults, interrupts)"));
        }
        if (p.warnings() != null && !p.warnings().isEmpty()) {
            facts.add(new Fact("async-profiler said", String.join(" | ", p.warnings())));
        }
        List<Run.ProfiledSyscall> kinds = p.bySyscall() == null ? List.of()
                : p.bySyscall().stream().filter(java.util.Objects::nonNull).limit(KINDS).toList();
        return new ProfileFacts(lr.label(), null, List.copyOf(facts), kinds, flames);
    }

    private static String engine(Run.Profile p) {
        String status = p.status() == null ? "" : ", " + p.status();
        if (p.engine() == null) {
            return "none ran" + status + (p.error() == null ? "" : ": " + p.error());
        }
        String what = switch (p.engine()) {
            case "cpu" -> "async-profiler, perf_events cpu-clock with kernel frames";
            case "ctimer", "itimer" -> "async-profiler, " + p.engine() + " (no kernel frames: the kernel figures are unknown)";
            default -> "async-profiler, " + p.engine();
        };
        String fallback = p.fallbackReason() == null ? "" : "; perf_events was refused: " + p.fallbackReason();
        return what + status + fallback;
    }

    /** The top Java chain into a sampled kind, innermost frame first, or a word when only JVM threads made it. */
    static String topChain(Run.ProfiledSyscall k) {
        if (k.chains() == null || k.chains().isEmpty() || k.chains().get(0).frames() == null) {
            return "-";
        }
        List<String> frames = k.chains().get(0).frames();
        return frames.isEmpty() ? "(no Java frame: a JVM thread)" : String.join(" \u2190 ", frames);
    }
}
