package io.ringzero.report.render;

import io.ringzero.report.model.Band;
import io.ringzero.report.model.CpuProfile;
import io.ringzero.report.model.CrossingBound;
import io.ringzero.report.model.Flag;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.ScenarioPrediction;
import io.ringzero.report.model.SiteSaving;
import io.ringzero.report.model.Times;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Renders a {@link Prediction} as the KML article's Table 2 plus speedups, ranked sites, flags and notes. */
public final class PredictionText {

    private final PrintWriter out;
    private final int topSites;
    /** Seconds format: enough decimals for the smallest saving to show two digits (3 to 6). */
    private String sec = "%.3f";

    public PredictionText(PrintWriter out, int topSites) {
        this.out = out;
        this.topSites = topSites;
    }

    public void print(String source, Prediction p) {
        // Flags first as well as last: a reader who stops at the table must not miss them.
        if (!p.flags().isEmpty()) {
            f("WARNING: this prediction is flagged (%d), see FLAGS below%n", p.flags().size());
        }
        f("RingZero model: %s%n", source);
        f("counts: %s: %,d syscalls in %d kind(s)%n", p.countsFrom(), p.totalCalls(), p.inputs().callsByKind().size());
        Band s = p.parameters().savingNs();
        Band a = p.parameters().alpha();
        f("saving per call (ring 0, call path): %.1f ns (band %.1f-%.1f) from %s%n", s.central(), s.low(), s.high(),
                p.parameters().savingSource());
        f("alpha (user saved / system saved): %.2f (band %.2f-%.2f)%n%n", a.central(), a.low(), a.high());

        int decimals = 3;
        for (ScenarioPrediction sp : p.scenarios()) {
            double d = sp.systemSavedS().central();
            if (d > 0) {
                decimals = Math.max(decimals, Math.min(6, (int) Math.ceil(-Math.log10(d)) + 1));
            }
        }
        sec = "%." + decimals + "f";
        boolean wall = p.measured().wallS() != null;
        f("%-44s %12s %12s %12s%s%n", "seconds", "CPU", "User", "System", wall ? String.format(" %12s", "Wall") : "");
        row("measured", p.measured());
        for (ScenarioPrediction sp : p.scenarios()) {
            row("predicted: " + sp.label(), sp.predicted());
        }
        out.println();
        for (ScenarioPrediction sp : p.scenarios()) {
            Band su = sp.speedup();
            f("%s: CPU speedup %.4fx (band %.4f-%.4f); saves " + sec + " s system (band " + sec + "-" + sec
                            + ") and " + sec + " s user; %.1f ns per call%n",
                    sp.label(), su.central(), su.low(), su.high(), sp.systemSavedS().central(), sp.systemSavedS().low(),
                    sp.systemSavedS().high(), sp.userSavedS().central(), sp.savingPerCallNs().central());
            if (sp.wallS() != null) {
                f("    wall " + sec + " s (band " + sec + "-" + sec + ")%n", sp.wallS().central(), sp.wallS().low(),
                        sp.wallS().high());
            }
        }

        if (p.crossing() != null) {
            crossing(p.crossing(), p.measured());
        }

        List<SiteSaving> sites = p.sites();
        if (!sites.isEmpty()) {
            f("%nWhich code gains most from ring 0 (CPU seconds saved; sites from the agent's Java-level counts):%n");
            f("%4s %12s %12s  %-10s %12s  %s%n", "#", "call path", "KML stock", "kind", "calls", "api / site");
            int shown = Math.min(topSites, sites.size());
            for (int i = 0; i < shown; i++) {
                SiteSaving ss = sites.get(i);
                f("%4d %12.6f %12.6f  %-10s %,12d  %s%n", i + 1, ss.callPathS(), ss.kmlStockGlibcS(), ss.site().kind(),
                        ss.site().calls(), ss.site().api() == null ? "(JDK-internal)" : ss.site().api());
                f("%4s %12s %12s  %-10s %12s  at %s%n", "", "", "", "", "", ss.site().topFrame());
            }
            if (sites.size() > shown) {
                f("     ... %d more site(s)%n", sites.size() - shown);
            }
        }
        if (!p.flags().isEmpty()) {
            f("%nFLAGS:%n");
            for (Flag flag : p.flags()) {
                f("  ! %s%n", flag.message());
            }
        }
        f("%nnotes:%n");
        for (String n : p.notes()) {
            f("  - %s%n", n);
        }
    }

    /** The profile's bound beside the call-path saving, or what is missing for it. */
    private void crossing(CrossingBound c, Times measured) {
        CpuProfile pr = c.profile();
        f("%nMeasured bound from the CPU profile (system time in syscall entry/exit code, all ring 0 can remove):%n");
        if (!pr.usable()) {
            f("  none: %s%n", pr.missing());
            return;
        }
        f("  profile: %s engine, %,d samples (%s of CPU), %,d in the kernel (%.1f %% of samples; system time is %.1f %% "
                        + "of CPU), %,d in entry/exit, %,d on syscall wrappers%n",
                pr.engine(), pr.samples(), pr.sampledCpuS() == null ? "?" : String.format(Locale.ROOT, "%.2f s", pr.sampledCpuS()),
                pr.kernelSamples(), 100 * pr.kernelShare(), measured.cpuS() > 0 ? 100 * measured.systemS() / measured.cpuS() : 0,
                pr.entryExitSamples(), pr.wrapperSamples() == null ? 0 : pr.wrapperSamples());
        f("  %-36s " + sec + "-" + sec + " s (system " + sec + " s x %.1f-%.1f %% of kernel samples)%n", "crossing time (profile):",
                c.crossingLowS(), c.crossingHighS(), c.systemS(), 100 * pr.entryExitShare(), 100 * pr.entryExitShareHigh());
        f("  %-36s " + sec + " s (band " + sec + "-" + sec + ")%n", "call-path saving (counts):",
                c.countBasedS().central(), c.countBasedS().low(), c.countBasedS().high());
        f("  verdict: %s: %s%n", c.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '), c.finding());
    }

    private void row(String label, Times t) {
        String col = "%12" + sec.substring(1);
        f("%-44s " + col + " " + col + " " + col + "%s%n", label, t.cpuS(), t.userS(), t.systemS(),
                t.wallS() == null ? "" : String.format(Locale.ROOT, " " + col, t.wallS()));
    }

    private void f(String format, Object... args) {
        out.print(String.format(Locale.ROOT, format, args));
    }
}
