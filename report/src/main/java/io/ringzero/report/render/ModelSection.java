package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.calibrate.Calibration;
import io.ringzero.report.model.CpuProfile;
import io.ringzero.report.model.CrossingBound;
import io.ringzero.report.model.Flag;
import io.ringzero.report.model.ModelInputs;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.RingZeroModel;
import io.ringzero.report.model.ScenarioPrediction;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.LoadedRun;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The report's "Ring 0" section from the model: one prediction per run (each JVM is its own process, with
 * its own counts and CPU times), added up the way the KML article's Table 2 adds server and client.
 */
public final class ModelSection implements Ring0Prediction {
    private final String method;
    private final Row measured;
    private final List<Row> scenarios;
    private final List<String> warnings;
    private final List<String> notes;
    private final List<Crossing> crossing;
    private final long calls;
    private final double savingNs;
    private final Split split;

    private ModelSection(String method, Row measured, List<Row> scenarios, List<String> warnings, List<String> notes,
                         List<Crossing> crossing, long calls, double savingNs, Split split) {
        this.method = method;
        this.measured = measured;
        this.scenarios = scenarios;
        this.warnings = warnings;
        this.notes = notes;
        this.crossing = crossing;
        this.calls = calls;
        this.savingNs = savingNs;
        this.split = split;
    }

    /** The same section with whose syscalls the saving comes from. */
    public ModelSection withSplit(Split split) {
        return new ModelSection(method, measured, scenarios, warnings, notes, crossing, calls, savingNs, split);
    }

    /** Predictions for the runs, or null (no section) when the calibration cannot be had on this machine. */
    public static ModelSection of(List<LoadedRun> runs, double alpha) throws BadInputException {
        Calibration calibration;
        try {
            calibration = Calibration.forThisMachine(false);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        ModelParameters params = ModelParameters.fromCalibration(calibration, alpha);
        List<Prediction> predictions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (LoadedRun r : runs) {
            try {
                predictions.add(RingZeroModel.predict(ModelInputs.fromRunFile(r.run()), params));
            } catch (BadInputException e) {
                throw new BadInputException(r.file() + ": " + e.getMessage());
            }
            labels.add(r.label());
        }
        return combine(predictions, labels, params).withSplit(split(runs));
    }

    /** The kernel's per-thread counts of all runs in four groups (see {@link Split}); null without them. */
    static Split split(List<LoadedRun> runs) {
        java.util.Map<String, Long> javaByKind = new java.util.TreeMap<>();
        runs.forEach(r -> r.run().syscalls().forEach(k -> javaByKind.merge(k.name(), k.calls(), Long::sum)));
        Attribution a = Attribution.of(runs, javaByKind);
        if (a == null) {
            return null;
        }
        long application = 0, libraries = 0, jvm = 0, agent = 0;
        for (java.util.Map.Entry<Category, Long> e : a.byCategory().entrySet()) {
            switch (e.getKey()) {
                case JIT, GC, JVM_OTHER, CLASS_LOADING -> jvm += e.getValue();
                case NATIVE_LIBRARY -> libraries += e.getValue();
                case AGENT -> agent += e.getValue();
                default -> application += e.getValue();
            }
        }
        return new Split(application, libraries, jvm, agent);
    }

    public static ModelSection combine(List<Prediction> ps, List<String> labels, ModelParameters params) {
        double user = 0, system = 0;
        long calls = 0;
        Set<String> countsFrom = new LinkedHashSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        for (Prediction p : ps) {
            user += p.measured().userS();
            system += p.measured().systemS();
            calls += p.totalCalls();
            countsFrom.add(p.countsFrom());
            for (Flag f : p.flags()) warnings.add(f.message());
            notes.addAll(p.notes());
        }
        Row measuredRow = new Row("measured", Ring0Prediction.Band.exactly(user), Ring0Prediction.Band.exactly(system),
                Ring0Prediction.Band.exactly(user + system), Ring0Prediction.Band.exactly(1));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ps.get(0).scenarios().size(); i++) {
            double[] u = new double[3], s = new double[3], c = new double[3];
            String label = ps.get(0).scenarios().get(i).label();
            for (Prediction p : ps) {
                ScenarioPrediction sp = p.scenarios().get(i);
                add(u, sp.userS());
                add(s, sp.systemS());
                add(c, sp.cpuS());
            }
            double measuredCpu = user + system;
            // a lower CPU time is a higher speedup: the band's ends swap
            Ring0Prediction.Band speedup = new Ring0Prediction.Band(measuredCpu / c[2], measuredCpu / c[1], measuredCpu / c[0]);
            rows.add(new Row(label, band(u), band(s), band(c), speedup));
        }
        String method = String.format(Locale.ROOT,
                "%s run(s), %,d syscalls counted (%s); per-call saving %s ns and alpha %.2f (band %.1f-%.1f) from %s",
                ps.size(), calls, String.join(", ", countsFrom), fmt(params.savingNs()), params.alpha().central(),
                params.alpha().low(), params.alpha().high(), params.savingSource());
        List<Crossing> crossing = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).crossing() != null) crossing.add(crossing(labels.get(i), ps.get(i).crossing()));
        }
        return new ModelSection(method, measuredRow, rows, List.copyOf(warnings), List.copyOf(notes), List.copyOf(crossing),
                calls, params.savingNs().central(), null);
    }

    private static Crossing crossing(String run, CrossingBound c) {
        CpuProfile p = c.profile();
        String profile = !p.usable() ? null : String.format(Locale.ROOT, "%s engine, %,d samples, %,d in the kernel, "
                + "%,d in entry/exit, %,d on syscall wrappers", p.engine(), p.samples(), p.kernelSamples(),
                p.entryExitSamples(), p.wrapperSamples() == null ? 0 : p.wrapperSamples());
        io.ringzero.report.model.Band b = c.countBasedS();
        return new Crossing(run, profile, c.systemS(), c.crossingLowS(), c.crossingHighS(),
                new Ring0Prediction.Band(b.low(), b.central(), b.high()),
                c.verdict().name().toLowerCase(Locale.ROOT), c.finding());
    }

    private static void add(double[] into, io.ringzero.report.model.Band b) {
        into[0] += b.low();
        into[1] += b.central();
        into[2] += b.high();
    }

    private static Ring0Prediction.Band band(double[] v) { return new Ring0Prediction.Band(v[0], v[1], v[2]); }

    private static String fmt(io.ringzero.report.model.Band b) {
        return String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", b.central(), b.low(), b.high());
    }

    @Override public String method() { return method; }
    @Override public Row measured() { return measured; }
    @Override public List<Row> scenarios() { return scenarios; }
    @Override public List<String> warnings() { return warnings; }
    @Override public List<String> notes() { return notes; }
    @Override public List<Crossing> crossing() { return crossing; }
    @Override public long calls() { return calls; }
    @Override public double savingNs() { return savingNs; }
    @Override public Split split() { return split; }
}
