package io.ringzero.report.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ringzero.report.calibrate.Calibration;
import io.ringzero.report.diff.RunDiff;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.render.DiffTables;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.RunFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ringzero diff OLD NEW}: what moved between two runs. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares two runs of the same workload: syscalls per kind and per call site, CPU times and the "
                + "ring-0 prediction, old / new / change.",
                "OLD and NEW are run files or directories (every run file directly in one is added together, e.g. a "
                        + "demo's server.json and client.json, or ringzero run's run.json).",
                "Exit code: 0; 1 with --fail-above when syscalls grew by more; 2 for bad input."})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the run before")
    Path old;

    @Parameters(index = "1", paramLabel = "NEW", description = "the run after")
    Path now;

    @Option(names = "--markdown", description = "Markdown, fit for a pull-request comment")
    boolean markdown;

    @Option(names = "--json", description = "JSON (schema ringzero.diff/1)")
    boolean json;

    @Option(names = "--fail-above", paramLabel = "PCT",
            description = "exit 1 when the syscalls grew by more than PCT per cent (for CI)")
    Double failAbove;

    @Option(names = "--saving-ns", paramLabel = "NS", description = "per-call saving for the ring-0 figures "
            + "(default: this machine's calibration)")
    Double savingNs;

    @Option(names = "--no-model", description = "leave out the ring-0 figures (no calibration of this machine)")
    boolean noModel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (markdown && json) {
                throw new BadInputException("--markdown and --json: choose one");
            }
            if (failAbove != null && !(failAbove >= 0)) {
                throw new BadInputException("--fail-above must be a percentage of 0 or more, not " + failAbove);
            }
            if (savingNs != null && !(savingNs > 0)) {
                throw new BadInputException("--saving-ns must be a positive number of nanoseconds, not " + savingNs);
            }
            RunDiff d = RunDiff.of(runs(old), runs(now), parameters(err));
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(d));
            } else {
                out.print(markdown ? DiffTables.markdown(d) : DiffTables.text(d));
            }
            out.flush();
            if (failAbove != null && d.grewMoreThan(failAbove)) {
                err.printf(java.util.Locale.ROOT, "ringzero diff: syscalls grew by %.1f %%, more than %s %%%n",
                        d.total().pct() == null ? Double.POSITIVE_INFINITY : d.total().pct(), failAbove);
                return 1;
            }
            return 0;
        } catch (BadInputException e) {
            err.println("ringzero diff: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ringzero diff: cannot write the JSON (" + e.getMessage() + ")");
            return 3;
        }
    }

    private ModelParameters parameters(PrintWriter err) {
        if (noModel) {
            return null;
        }
        if (savingNs != null) {
            return ModelParameters.givenSaving(savingNs, ModelParameters.DEFAULT_ALPHA, "--saving-ns");
        }
        try {
            return ModelParameters.fromCalibration(Calibration.forThisMachine(false), ModelParameters.DEFAULT_ALPHA);
        } catch (RuntimeException | LinkageError e) {
            err.println("ringzero diff: no ring-0 figures: this machine could not be calibrated (--saving-ns gives one)");
            return null;
        }
    }

    /** A run file, or every run file directly in a directory. */
    static List<LoadedRun> runs(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(RunFileReader.read(p));
        }
        List<LoadedRun> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(p)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    runs.add(RunFileReader.read(f));
                } catch (BadInputException e) {
                    if (!e.getMessage().contains("is not a RingZero run file")) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException(p + ": cannot list the directory (" + e.getClass().getSimpleName() + ")");
        }
        if (runs.isEmpty()) {
            throw new BadInputException(p + ": no run file in this directory");
        }
        return runs;
    }
}
