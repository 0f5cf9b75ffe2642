package io.ringzero.report.check;

import io.ringzero.report.model.Flag;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.Times;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Renders a check for the terminal: the syscall counts, the Table 2 comparison, the verdict. */
public final class CheckText {

    private final PrintWriter out;

    public CheckText(PrintWriter out) {
        this.out = out;
    }

    public void print(CheckReport r) {
        f("RingZero check (added syscall cost): %s%n", String.join(" ", r.workload()));
        f("runs and run files: %s%n%n", r.outputDir());
        f("%-10s %8s %8s %18s %14s %10s%n", "asked", "filters", "loads", "measured (sd)", "delta used", "runs");
        for (AddedCostResult l : r.levels()) {
            f("%7.0f ns %8d %8d %10.1f (%5.1f) %11.1f ns %10d%n", l.setting().nominalNs(),
                    l.setting().loadsPerFilter().size(), l.setting().loads(), l.measuredNs(), l.measuredSdNs(),
                    l.deltaNs(), l.runs());
        }
        if (r.deltaPerLoad() != null) {
            f("per syscall, each padding load adds %.3f ns (95 %% interval %.3f-%.3f), plus %.1f ns; from %d filtered runs%n",
                    r.deltaPerLoad().slope(), r.deltaPerLoad().slopeLow(), r.deltaPerLoad().slopeHigh(),
                    r.deltaPerLoad().intercept(), r.deltaPerLoad().n());
        }
        out.println();
        f("N_eff (syscalls the process pays for): %,.0f (95 %% interval %,.0f to %,.0f)%n", r.nEff(), r.nEffCi95()[0],
                r.nEffCi95()[1]);
        f("N counted by the agent (Java level):   %,d%n", r.nCounted());
        if (r.counts().kernel() != null) {
            f("kernel's figure:                       %,d (%s)%n", r.counts().kernel(), r.counts().kernelSource());
        }
        f("fit of system time: %.3f s + N_eff x delta, residual sd %.3f s, r2 %.3f%n", r.fits().system().intercept(),
                r.fits().system().residualSd(), r.fits().system().r2());
        f("fit of CPU time:    %.3f s + %,.0f x delta (95 %% interval %,.0f to %,.0f), residual sd %.3f s%n%n",
                r.fits().cpu().intercept(), r.fits().cpu().slope(), r.fits().cpu().slopeLow(), r.fits().cpu().slopeHigh(),
                r.fits().cpu().residualSd());
        table(r.table());
        verdict(r.verdict().lines());
        flags(r.prediction());
    }

    public void print(KmlReport r) {
        f("RingZero check (real Kernel Mode Linux run): kernel %s, %s%n", r.kernel().release(), r.kernel().evidence());
        f("ring 0 verified: AT_SYSINFO=%s under /trusted, and process.kml.ring0 in every kernel-mode run file%n", r.atSysinfo());
        f("N counted by the agent (Java level): %,d%n%n", r.nCounted());
        table(r.table());
        verdict(r.verdict());
        flags(r.prediction());
    }

    private void table(List<TableRow> rows) {
        f("%-58s %10s %10s %10s %10s%n", "seconds", "CPU", "User", "System", "Wall");
        for (TableRow row : rows) {
            Times t = row.times();
            f("%-58s %10.3f %10.3f %10.3f %10s%n", row.label(), t.cpuS(), t.userS(), t.systemS(),
                    t.wallS() == null ? "-" : String.format(Locale.ROOT, "%.3f", t.wallS()));
        }
        out.println();
    }

    private void verdict(List<String> lines) {
        f("verdict:%n");
        for (String l : lines) {
            f("  - %s%n", l);
        }
    }

    private void flags(Prediction p) {
        if (!p.flags().isEmpty()) {
            f("model flags:%n");
            for (Flag flag : p.flags()) {
                f("  ! %s%n", flag.message());
            }
        }
        out.flush();
    }

    private void f(String format, Object... args) {
        out.print(String.format(Locale.ROOT, format, args));
    }
}
