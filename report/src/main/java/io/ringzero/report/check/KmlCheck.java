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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ringzero check --kml}: on a Kernel Mode Linux kernel, runs the workload alternately as a
 * normal process and as a kernel-mode one (its java launcher copied under /trusted) and compares both
 * with the model. Not run on the development machine (no KML kernel there): see docs/check.md.
 */
public final class KmlCheck {

    static final Path TRUSTED = Path.of("/trusted");

    private final int repeat;
    private final Path outDir;
    private final CheckedProgram workload;
    private final PrintWriter progress;
    private final KmlHost host;
    private final LauncherProcess launcher = new LauncherProcess();

    public KmlCheck(int repeat, Path outDir, CheckedProgram workload, PrintWriter progress, KmlHost host) {
        if (repeat < 1) {
            throw new CheckFailure(2, "--repeat must be at least 1");
        }
        this.repeat = repeat;
        this.outDir = outDir;
        this.workload = workload;
        this.progress = progress;
        this.host = host;
    }

    /** Refuses on a kernel without KML before anything is created: exit code 2, one line. */
    public static void requireKml(KmlHost host) {
        if (!host.kml()) {
            throw new CheckFailure(2, "--kml needs a Kernel Mode Linux kernel; this one (" + host.release()
                    + ") is not: " + host.evidence() + "; nothing was changed");
        }
    }

    public KmlReport run(ModelParameters params) {
        requireKml(host);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new CheckFailure(2, "cannot create the output directory " + outDir + ": " + e.getMessage());
        }
        Path javaHome = TrustedJava.javaHomeOf(workload.launcher());
        try (TrustedJava trusted = TrustedJava.create(TRUSTED, javaHome)) {
            Thread cleanup = new Thread(trusted::close, "ringzero-trusted-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                String sysinfo = probe(trusted);
                return compare(trusted, sysinfo, params);
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
    }

    private String probe(TrustedJava trusted) {
        Path out = outDir.resolve("auxv-probe.txt");
        try {
            Process p = new ProcessBuilder(trusted.java().toString(), "-cp", System.getProperty("java.class.path"),
                    AuxvProbe.class.getName()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            int code = p.waitFor();
            String said = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (code != 0) {
                throw new CheckFailure(2, "the kernel has a KML marker (" + host.evidence() + ") but a JVM started from "
                        + trusted.java() + " did not run in ring 0 (" + said.lines().reduce((a, b) -> b).orElse("no output")
                        + "); nothing to compare");
            }
            return said.replace("AT_SYSINFO=", "");
        } catch (IOException e) {
            throw new CheckFailure(1, "cannot run " + trusted.java() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailure(1, "interrupted");
        }
    }

    private KmlReport compare(TrustedJava trusted, String sysinfo, ModelParameters params) {
        Progress p = new Progress(progress, 2 * repeat);
        List<CheckRun> normal = new ArrayList<>();
        List<CheckRun> ring0 = new ArrayList<>();
        int index = 0;
        for (int round = 0; round < repeat; round++) {
            // Alternate which mode goes first, so drift does not favour one of them.
            for (int k = 0; k < 2; k++) {
                boolean kernelMode = (round + k) % 2 == 1;
                index++;
                p.starting(index, kernelMode ? "kernel mode (/trusted)" : "normal process");
                CheckRun r = runOnce(index, kernelMode ? trusted.java().toString() : null);
                verifyMode(r, kernelMode);
                (kernelMode ? ring0 : normal).add(r);
            }
        }
        Run first = load(normal.get(0));
        ModelInputs fromFile = ModelInputs.fromRunFile(first);
        Times measuredNormal = meanTimes(normal);
        Times measuredRing0 = meanTimes(ring0);
        ModelInputs inputs = new ModelInputs(measuredNormal, fromFile.cpus(), fromFile.source(), fromFile.countTool(),
                fromFile.callsByKind(), fromFile.sites(), fromFile.machine(), fromFile.finalWrite(), false);
        Prediction prediction = RingZeroModel.predict(inputs, params);

        List<TableRow> table = new ArrayList<>();
        table.add(new TableRow("measured: normal process (mean of " + normal.size() + ")", TableRow.MEASURED, measuredNormal));
        table.add(new TableRow("measured: KML kernel mode (mean of " + ring0.size() + ")", TableRow.MEASURED, measuredRing0));
        for (ScenarioPrediction sp : prediction.scenarios()) {
            table.add(new TableRow("predicted by the model: " + sp.label(), TableRow.PREDICTED, sp.predicted()));
        }
        ScenarioPrediction stock = prediction.scenario(Scenario.KML_STOCK_GLIBC);
        double measuredSaved = measuredNormal.cpuS() - measuredRing0.cpuS();
        List<String> verdict = new ArrayList<>();
        verdict.add(String.format(Locale.ROOT, "Measured CPU saving under KML: %.3f s (%.2f %%); the model's "
                        + "stock-glibc scenario predicts %.3f s (band %.3f-%.3f s)%s.", measuredSaved,
                100 * measuredSaved / measuredNormal.cpuS(), measuredNormal.cpuS() - stock.cpuS().central(),
                measuredNormal.cpuS() - stock.cpuS().high(), measuredNormal.cpuS() - stock.cpuS().low(),
                stock.cpuS().contains(measuredRing0.cpuS()) ? ": inside the band" : ": outside the band"));
        verdict.add("Compare only runs on this KML kernel with each other: a KML kernel lacks a modern kernel's "
                + "mitigations, so its trap cost is not this host's calibration unless it was calibrated here.");
        return new KmlReport(CheckReport.SCHEMA, "kml", host, sysinfo, RunCounts.of(first).javaLevel(), table, verdict,
                prediction, normal, ring0);
    }

    private CheckRun runOnce(int index, String javaLauncher) {
        String name = String.format(Locale.ROOT, "kml-run-%02d", index);
        Path runFile = outDir.resolve(name + ".json");
        Path stderr = outDir.resolve(name + ".stderr");
        LaunchResult r = launcher.run(List.of(), workload.withAgent(runFile, javaLauncher),
                outDir.resolve(name + ".launch.json"), outDir.resolve(name + ".stdout"), stderr);
        if (r.exitCode() != 0) {
            throw new CheckFailure(1, "the workload exited with code " + r.exitCode() + " in run " + index
                    + (javaLauncher != null ? " (kernel mode)" : " (normal process)") + StderrTail.of(stderr, 10).asDetail());
        }
        return new CheckRun(index, (index - 1) / 2, javaLauncher != null ? 1 : 0, r, runFile.toString());
    }

    /** The run file's own word on where the JVM ran; a comparison on an assumption is refused. */
    private void verifyMode(CheckRun r, boolean kernelMode) {
        Run.Process process = load(r).process();
        Run.Kml kml = process == null ? null : process.kml();
        if (kml == null || kml.ring0() != kernelMode) {
            throw new CheckFailure(1, "refusing to compare: run " + r.index() + " was meant to run "
                    + (kernelMode ? "in ring 0" : "as a normal process") + " but its run file says process.kml.ring0 = "
                    + (kml == null ? "(missing)" : String.valueOf(kml.ring0())));
        }
    }

    private static Run load(CheckRun r) {
        try {
            return RunFileReader.read(Path.of(r.runFile())).run();
        } catch (BadInputException e) {
            throw new CheckFailure(1, "the agent's run file is unusable: " + e.getMessage());
        }
    }

    private static Times meanTimes(List<CheckRun> runs) {
        return Times.of(runs.stream().mapToDouble(r -> r.launch().userS()).average().orElseThrow(),
                runs.stream().mapToDouble(r -> r.launch().systemS()).average().orElseThrow(),
                runs.stream().mapToDouble(r -> r.launch().wallS()).average().orElseThrow());
    }
}
