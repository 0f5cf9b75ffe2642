package io.ringzero.report.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The additive ring-0 model (docs/model.md): every syscall saves s = trap - call of system time,
 * dS = N s, and user time falls by dU = alpha dS through less cache and pipeline pollution.
 */
public final class RingZeroModel {

    /**
     * Kinds that usually wait. Their trap is CPU time like any other, but the thread then sleeps, so
     * the crossing is not on the wall-clock critical path: they save CPU, not wall time. A read on an
     * idle socket waits too; counts cannot tell, so the wall prediction is an upper bound.
     */
    public static final Set<String> WAITING_KINDS = Set.of("futex", "epoll_wait", "epoll_pwait", "epoll_pwait2",
            "poll", "ppoll", "select", "pselect6", "nanosleep", "clock_nanosleep", "wait4", "waitid", "accept",
            "accept4", "pause", "rt_sigsuspend", "rt_sigtimedwait");

    private RingZeroModel() {
    }

    public static Prediction predict(ModelInputs in, ModelParameters p) {
        long n = in.totalCalls();
        long waiting = in.callsByKind().entrySet().stream()
                .filter(e -> WAITING_KINDS.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        double nonWaitingShare = n == 0 ? 0 : (double) (n - waiting) / n;

        Band sFull = p.savingNs();
        Band fraction = p.kmlStockFraction();
        Band sKml = new Band(sFull.low() * fraction.low(), sFull.central() * fraction.central(),
                sFull.high() * fraction.high());

        List<ScenarioPrediction> scenarios = List.of(
                scenario(Scenario.CALL_PATH, sFull, in, p.alpha(), p.systemShare(), n, nonWaitingShare),
                scenario(Scenario.KML_STOCK_GLIBC, sKml, in, p.alpha(), p.systemShare(), n, nonWaitingShare));

        List<SiteSaving> sites = new ArrayList<>();
        for (CallSite site : in.sites()) {
            sites.add(new SiteSaving(site, site.calls() * sFull.central() * 1e-9, site.calls() * sKml.central() * 1e-9));
        }
        sites.sort(Comparator.comparingDouble(SiteSaving::callPathS).reversed());

        CrossingBound crossing = in.profile() == null ? null
                : CrossingBound.of(in.profile(), in.measured().systemS(),
                        scenarios.stream().filter(sp -> sp.scenario() == Scenario.CALL_PATH).findFirst().orElseThrow()
                                .systemSavedS(), n);
        List<Flag> flags = flags(in, p, scenarios, n);
        if (crossing != null && crossing.verdict() == CrossingBound.Verdict.COUNTS_EXCEED_CROSSING) {
            flags.add(new Flag(Flag.SAVING_EXCEEDS_CROSSING, crossing.finding()));
        }
        List<String> notes = new ArrayList<>();
        notes.add("counts: " + in.source().description() + (in.countTool() == null ? "" : " (" + in.countTool() + ")"));
        notes.add("saving per call: " + p.savingSource());
        if (p.systemShare() < 1) {
            notes.add(String.format(Locale.ROOT, "the calibration saw %.0f %% of a crossing's CPU time charged as system "
                    + "time and the rest as user time (getrusage around its trap loop): the saving is split the same way",
                    100 * p.systemShare()));
        }
        notes.add(String.format(Locale.ROOT, "KML with an unmodified glibc JVM keeps %.0f %% (band %.0f-%.0f %%) of the "
                        + "call-path saving: an estimate from the UKL artifact's per-syscall figures, not a measurement",
                100 * fraction.central(), 100 * fraction.low(), 100 * fraction.high()));
        if (waiting > 0) {
            notes.add(String.format(Locale.ROOT, "%d of %d calls are of waiting kinds (futex, epoll_wait, ...): they save "
                    + "CPU time, not wall time", waiting, n));
        }
        if (in.measured().wallS() != null) {
            notes.add("wall time: saved CPU of non-waiting calls divided by the run's average parallelism "
                    + "(CPU / wall, at least 1): an upper bound when reads or receives also waited");
        }
        return new Prediction(Prediction.SCHEMA, in, in.source().description(), n, p, in.measured(), scenarios,
                sites, flags, notes, crossing);
    }

    private static ScenarioPrediction scenario(Scenario which, Band s, ModelInputs in, Band alpha, double systemShare,
                                               long n, double nonWaitingShare) {
        Times m = in.measured();
        // Where a crossing is partly charged as user time (measured by the calibration), so is its saving.
        Band crossings = s.map(ns -> n * ns * 1e-9);
        Band dS = crossings.map(c -> c * systemShare);
        Band chargedAsUser = crossings.map(c -> c * (1 - systemShare));
        // The high saving pairs the high s with the high alpha: the band spans both uncertainties.
        Band dU = new Band(dS.low() * alpha.low() + chargedAsUser.low(), dS.central() * alpha.central()
                + chargedAsUser.central(), dS.high() * alpha.high() + chargedAsUser.high());
        Band user = dU.map(d -> m.userS() - d);
        Band system = dS.map(d -> m.systemS() - d);
        Band dCpu = new Band(dS.low() + dU.low(), dS.central() + dU.central(), dS.high() + dU.high());
        Band cpu = dCpu.map(d -> m.cpuS() - d);
        Band speedup = cpu.map(c -> c > 0 ? m.cpuS() / c : Double.POSITIVE_INFINITY);
        Band wall = null;
        Double wallCentral = null;
        if (m.wallS() != null) {
            double parallelism = Math.max(1.0, m.cpuS() / m.wallS());
            wall = dCpu.map(d -> Math.max(0, m.wallS() - d * nonWaitingShare / parallelism));
            wallCentral = wall.central();
        }
        Times predicted = Times.of(user.central(), system.central(), wallCentral);
        return new ScenarioPrediction(which, which.label(), s, dS, dU, predicted, cpu, user, system, wall, speedup);
    }

    private static List<Flag> flags(ModelInputs in, ModelParameters p, List<ScenarioPrediction> scenarios, long n) {
        List<Flag> flags = new ArrayList<>();
        double s = p.savingNs().central();
        if (n == 0) {
            flags.add(new Flag(Flag.NO_SYSCALLS, "no syscalls were counted: the prediction of no change says nothing"));
        }
        double most = p.plausibleSavingNs();
        if (!(s > 0) || s > most) {
            flags.add(new Flag(Flag.SAVING_NOT_A_MODE_SWITCH, String.format(Locale.ROOT,
                    "a saving of %.0f ns per call is outside what a mode switch can cost (0-%.0f ns, %s): "
                            + "the saving given or the times behind it are wrong", s, most,
                    p.calibration() == null ? "the dearest null syscall published"
                            : "the dearest trap this machine's calibration measured")));
        }
        double system = in.measured().systemS();
        for (ScenarioPrediction sp : scenarios) {
            if (sp.systemSavedS().central() > system) {
                flags.add(new Flag(Flag.SAVING_EXCEEDS_SYSTEM, String.format(Locale.ROOT,
                        "%s: the predicted system-time saving %.3f s exceeds the measured system time %.3f s; "
                                + "with %d calls no crossing can save more than %.0f ns each",
                        sp.label(), sp.systemSavedS().central(), system, n, n == 0 ? 0 : system / n * 1e9)));
            }
        }
        if (in.ring0()) {
            flags.add(new Flag(Flag.ALREADY_RING0, "the run already ran in ring 0 (AT_SYSINFO present): "
                    + "its syscalls were not full traps, so the predicted saving is counted twice"));
        }
        if (Boolean.FALSE.equals(in.finalWrite())) {
            flags.add(new Flag(Flag.NOT_FINAL, "the run file is an interval write (final: false): the process may "
                    + "have run on or been killed"));
        }
        if (p.calibration() != null && in.machine() != null && !in.machine().sameTrapCostAs(p.calibration().machine())) {
            flags.add(new Flag(Flag.CALIBRATION_OTHER_MACHINE, "the calibration was measured on kernel "
                    + p.calibration().machine().kernel() + " (" + p.calibration().machine().cpuModel() + "), the run on "
                    + in.machine().kernel() + " (" + in.machine().cpuModel() + "): the trap cost may differ"));
        }
        return flags;
    }
}
