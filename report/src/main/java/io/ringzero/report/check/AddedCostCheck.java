package io.ringzero.report.check;

import io.ringzero.report.model.ModelInputs;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.RingZeroModel;
import io.ringzero.report.model.Scenario;
import io.ringzero.report.model.ScenarioPrediction;
import io.ringzero.report.model.Times;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.Run;
import io.ringzero.report.runfile.RunFileReader;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The default {@code ringzero check}: runs the workload at several syscall costs and fits
 * T(delta) = T0 + N_eff * delta. See docs/check.md.
 */
public final class AddedCostCheck {

    /** Loads of the probe filter that sizes the levels: one full filter, the largest single step. */
    static final int PROBE_LOADS = SeccompPadding.MAX_LOADS;

    private final List<Double> deltasNs;
    private final int repeat;
    private final Path outDir;
    private final CheckedProgram workload;
    private final double tolerancePct;
    private final PrintWriter progress;
    private final LauncherProcess launcher = new LauncherProcess();

    public AddedCostCheck(List<Double> deltasNs, int repeat, Path outDir, CheckedProgram workload, double tolerancePct,
                     PrintWriter progress) {
        if (deltasNs.stream().distinct().count() < 2) {
            throw new CheckFailure(2, "--deltas needs at least two different values to fit a line");
        }
        if (!deltasNs.contains(0.0)) {
            throw new CheckFailure(2, "--deltas must include 0: the unfiltered run is the measured original");
        }
        if (deltasNs.stream().anyMatch(d -> !(d >= 0))) {
            throw new CheckFailure(2, "--deltas are ns >= 0");
        }
        if (repeat < 1 || repeat * (deltasNs.size() - 1) < 2) {
            // A slope, an offset per round and at least one degree of freedom left for the interval.
            throw new CheckFailure(2, "too few runs for a line with an interval: use 3 or more --deltas or --repeat 3");
        }
        this.deltasNs = List.copyOf(deltasNs);
        this.repeat = repeat;
        this.outDir = outDir;
        this.workload = workload;
        this.tolerancePct = tolerancePct;
        this.progress = progress;
    }

    public CheckReport run(ModelParameters params) {
        int seccomp = SeccompStatus.ofSelf().mode();
        if (seccomp > 0) {
            // Our own filter would be inherited by every run: delta 0 would not be the original.
            throw new CheckFailure(2, "ringzero itself runs under a seccomp filter (/proc/self/status Seccomp: "
                    + seccomp + "): the delta-0 runs would not be unfiltered");
        }
        createOutDir();
        LaunchResult probe = launcher.probe(List.of(PROBE_LOADS), outDir.resolve("probe.launch.json"));
        double nsPerLoad = probe.fitDeltaNs() / PROBE_LOADS;
        if (!(nsPerLoad > 0)) {
            throw new CheckFailure(1, String.format(Locale.ROOT, "a filter of %d loads added %.1f ns per syscall: "
                    + "the machine is too noisy to size the added costs, try again", PROBE_LOADS, probe.fitDeltaNs()));
        }
        List<AddedCost> levels = new ArrayList<>();
        for (double d : deltasNs) {
            levels.add(AddedCost.forDelta(d, nsPerLoad));
        }

        List<CheckRun> runs = runAll(levels);
        return analyse(levels, runs, params);
    }

    private List<CheckRun> runAll(List<AddedCost> levels) {
        int total = levels.size() * repeat;
        Progress p = new Progress(progress, total);
        List<CheckRun> runs = new ArrayList<>();
        int index = 0;
        for (int round = 0; round < repeat; round++) {
            // Each round visits every level in its own order, so load drift on a shared machine spreads
            // over all deltas instead of tilting the line.
            List<Integer> order = new ArrayList<>();
            for (int l = 0; l < levels.size(); l++) {
                order.add(l);
            }
            Collections.shuffle(order, new Random(round));
            for (int l : order) {
                index++;
                AddedCost level = levels.get(l);
                p.starting(index, String.format(Locale.ROOT, "delta %.0f ns (%d filter(s), %d loads)",
                        level.nominalNs(), level.loadsPerFilter().size(), level.loads()));
                runs.add(runOnce(index, round, l, level, total));
            }
        }
        return runs;
    }

    private CheckRun runOnce(int index, int round, int levelIndex, AddedCost level, int total) {
        String name = String.format(Locale.ROOT, "run-%02d", index);
        Path runFile = outDir.resolve(name + ".json");
        Path stderr = outDir.resolve(name + ".stderr");
        LaunchResult r = launcher.run(level.loadsPerFilter(), workload.withAgent(runFile),
                outDir.resolve(name + ".launch.json"), outDir.resolve(name + ".stdout"), stderr);
        if (r.exitCode() != 0) {
            throw new CheckFailure(1, String.format(Locale.ROOT, "the workload exited with code %d in run %d of %d "
                    + "(delta %.0f ns)", r.exitCode(), index, total, level.nominalNs())
                    + StderrTail.of(stderr, 10).asDetail());
        }
        if (!Files.isRegularFile(runFile)) {
            throw new CheckFailure(1, "run " + index + " left no run file " + runFile + ": the agent did not write it"
                    + StderrTail.of(stderr, 10).asDetail());
        }
        return new CheckRun(index, round, levelIndex, r, runFile.toString());
    }

    CheckReport analyse(List<AddedCost> levels, List<CheckRun> runs, ModelParameters params) {
        List<AddedCostResult> levelResults = new ArrayList<>();
        double[] levelDelta = new double[levels.size()];
        for (int l = 0; l < levels.size(); l++) {
            final int li = l;
            double[] d = runs.stream().filter(r -> r.level() == li).mapToDouble(r -> r.launch().fitDeltaNs()).toArray();
            // x is the level's median measured delta, the same for all its runs: one launcher's figure is
            // noisier than the workload's response (noise in x would flatten the slope), and the median
            // ignores the odd launcher that timed through a burst of load.
            levelDelta[l] = median(d);
            levelResults.add(new AddedCostResult(levels.get(l), d.length, mean(d), sd(d), levelDelta[l]));
        }
        int n = runs.size();
        double[] x = new double[n];
        double[] cpu = new double[n];
        double[] user = new double[n];
        double[] system = new double[n];
        double[] wall = new double[n];
        int[] round = new int[n];
        for (int i = 0; i < n; i++) {
            CheckRun r = runs.get(i);
            round[i] = r.round();
            x[i] = levelDelta[r.level()] * 1e-9;
            cpu[i] = r.launch().cpuS();
            user[i] = r.launch().userS();
            system[i] = r.launch().systemS();
            wall[i] = r.launch().wallS();
        }
        CostSlopes fits = new CostSlopes(LineFit.blocked(x, cpu, round), LineFit.blocked(x, user, round),
                LineFit.blocked(x, system, round), LineFit.blocked(x, wall, round));

        int zero = deltasNs.indexOf(0.0);
        List<CheckRun> originals = runs.stream().filter(r -> r.level() == zero).toList();
        Run runFile = loadRunFile(Path.of(originals.get(0).runFile()));
        RunCounts counts = RunCounts.of(runFile);
        Times measured = Times.of(mean(originals, LaunchResult::userS), mean(originals, LaunchResult::systemS),
                mean(originals, LaunchResult::wallS));
        ModelInputs fromFile = ModelInputs.fromRunFile(runFile);
        // The agent's own times include the JVM only from its start; the launcher's rusage is the whole
        // process tree, averaged over the unfiltered runs: the same scope as the check's lines.
        ModelInputs inputs = new ModelInputs(measured, fromFile.cpus(), fromFile.source(), fromFile.countTool(),
                fromFile.callsByKind(), fromFile.sites(), fromFile.machine(), fromFile.finalWrite(), fromFile.ring0());
        Prediction prediction = RingZeroModel.predict(inputs, params);

        List<TableRow> table = new ArrayList<>();
        table.add(new TableRow(String.format(Locale.ROOT, "measured original (mean of %d)", originals.size()),
                TableRow.MEASURED, measured));
        for (ScenarioPrediction sp : prediction.scenarios()) {
            double s = sp.savingPerCallNs().central();
            table.add(new TableRow("predicted by the model: " + sp.label(), TableRow.PREDICTED, sp.predicted()));
            table.add(new TableRow(String.format(Locale.ROOT, "extrapolated from the added-cost lines at -%.1f ns", s),
                    TableRow.EXTRAPOLATED, fits.at(-s * 1e-9)));
            // (each extrapolated row reads the lines at the saving of the predicted row above it)
        }
        Verdict verdict = verdict(fits, counts, prediction);
        return new CheckReport(CheckReport.SCHEMA, "seccomp-added-cost", workload.withAgent(Path.of("RUN.json")),
                outDir.toString(), fits.nEff().slope(), new double[]{fits.nEff().slopeLow(), fits.nEff().slopeHigh()},
                counts.javaLevel(), counts, perLoadFit(runs), levelResults, fits, table, verdict, prediction, runs,
                SeccompStatus.ofSelf().mode());
    }

    private Verdict verdict(CostSlopes fits, RunCounts counts, Prediction prediction) {
        List<String> lines = new ArrayList<>();
        LineFit c = fits.nEff();
        long nCounted = counts.javaLevel();
        double diffPct = nCounted == 0 ? Double.POSITIVE_INFINITY : (c.slope() - nCounted) * 100.0 / nCounted;
        boolean agree = Math.abs(diffPct) <= tolerancePct;
        boolean inside = c.slopeIntervalContains(nCounted);
        double halfWidthPct = nCounted == 0 ? Double.POSITIVE_INFINITY
                : (c.slopeHigh() - c.slopeLow()) / 2 * 100.0 / nCounted;
        if (agree) {
            lines.add(String.format(Locale.ROOT, "N_eff agrees with the counted N within %.1f %% (tolerance %.0f %%)%s.",
                    Math.abs(diffPct), tolerancePct, inside ? "; the counted N lies inside N_eff's 95 % interval"
                            : "; the counted N lies outside N_eff's 95 % interval, so the gap is real but small"));
            if (halfWidthPct > tolerancePct) {
                lines.add(String.format(Locale.ROOT, "The 95 %% interval is +-%.0f %% of N, wider than the tolerance: "
                        + "agreement this close can be luck; more --repeat narrows it.", halfWidthPct));
            }
        } else if (halfWidthPct > tolerancePct && inside) {
            lines.add(String.format(Locale.ROOT, "Undecided: N_eff's 95 %% interval is +-%.0f %% of the counted N, wider "
                    + "than the %.0f %% tolerance: add --repeat or larger --deltas, or check on a quieter machine.",
                    halfWidthPct, tolerancePct));
        } else if (diffPct > 0) {
            lines.add(String.format(Locale.ROOT, "Disagree: the process pays for %.0f %% more syscalls than the agent "
                    + "counted. The JVM's own (GC, JIT, class loading, futex, mmap) and native libraries' are outside "
                    + "the Java-level count, so the model's prediction from it is a lower bound.", diffPct));
        } else {
            lines.add(String.format(Locale.ROOT, "Disagree: N_eff is %.0f %% below the counted N. The counted calls cost "
                    + "less than the filter's getppid delta says, or the runs were too noisy: repeat with more --repeat.",
                    -diffPct));
        }
        LineFit u = fits.user();
        lines.add(String.format(Locale.ROOT, "User time's own slope is %,.0f calls (95 %% interval %,.0f to %,.0f): the check "
                        + "adds its cost inside the kernel, so its line cannot show the user-side saving of ring 0 "
                        + "(the model's alpha).", u.slope(), u.slopeLow(), u.slopeHigh()));
        // The extrapolated rows are the line's; if its intercept sits off the measured original by more
        // than the saving in question, the reader must know before comparing rows.
        lines.add(String.format(Locale.ROOT, "The CPU line's slope is %,.0f calls (95 %% interval %,.0f to %,.0f), its "
                + "intercept T0 %.3f s, the measured original %.3f s.", fits.cpu().slope(), fits.cpu().slopeLow(),
                fits.cpu().slopeHigh(), fits.cpu().intercept(), prediction.measured().cpuS()));
        ScenarioPrediction full = prediction.scenario(Scenario.CALL_PATH);
        double s = full.savingPerCallNs().central();
        double predictedSaved = prediction.measured().cpuS() - full.predicted().cpuS();
        double slopeSaved = fits.cpu().slope() * s * 1e-9;
        lines.add(String.format(Locale.ROOT, "At s = %.1f ns the model saves %.3f s of CPU (system %.3f s + user %.3f s), "
                        + "the check's CPU line %.3f s: the part the filter's kernel-side cost can show.",
                s, predictedSaved, full.systemSavedS().central(), full.userSavedS().central(), slopeSaved));
        return new Verdict(agree, diffPct, tolerancePct, lines);
    }

    /** For the record: delta against padding loads over every filtered run (slope: ns per load). */
    private static LineFit perLoadFit(List<CheckRun> runs) {
        List<LaunchResult> filtered = runs.stream().map(CheckRun::launch).filter(r -> r.loads() > 0).toList();
        double[] loads = filtered.stream().mapToDouble(LaunchResult::loads).toArray();
        if (filtered.size() < 3 || java.util.Arrays.stream(loads).distinct().count() < 2) {
            return null;
        }
        return LineFit.of(loads, filtered.stream().mapToDouble(LaunchResult::fitDeltaNs).toArray());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static Run loadRunFile(Path file) {
        try {
            return RunFileReader.read(file).run();
        } catch (BadInputException e) {
            throw new CheckFailure(1, "the agent's run file is unusable: " + e.getMessage());
        }
    }

    private void createOutDir() {
        try {
            Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new CheckFailure(2, "cannot create the output directory " + outDir + ": " + e.getMessage());
        }
    }

    private static double mean(List<CheckRun> runs, java.util.function.ToDoubleFunction<LaunchResult> f) {
        return runs.stream().mapToDouble(r -> f.applyAsDouble(r.launch())).average().orElse(Double.NaN);
    }

    static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = 0;
        for (double d : v) {
            ss += (d - m) * (d - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
