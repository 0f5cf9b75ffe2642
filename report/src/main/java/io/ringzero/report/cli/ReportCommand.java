package io.ringzero.report.cli;

import io.ringzero.report.flame.FlameGraphs;
import io.ringzero.report.render.ModelSection;
import io.ringzero.report.render.Report;
import io.ringzero.report.render.ReportFiles;
import io.ringzero.report.render.Ring0Prediction;
import io.ringzero.report.render.Table2Text;
import io.ringzero.report.render.TerminalTable;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.LoadedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ringzero report RUN.json [RUN2.json ...] [-o DIR]}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes DIR/index.html, DIR/report.md and DIR/summary.json from one or more run files and "
                + "prints a strace -c style table.",
                "Several run files (several JVMs, e.g. a client and a server) give one view per run and a combined view."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN.json", description = "run files written by the RingZero agent")
    List<Path> runFiles;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "ringzero-report",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--no-model", description = "leave out the Ring 0 section (no calibration of this machine)")
    boolean noModel;

    @Override
    public Integer call() {
        try {
            List<LoadedRun> runs = new ArrayList<>();
            for (Path f : runFiles) {
                runs.add(LoadedRun.read(f));
            }
            // labelled first, so that the model's per-run rows carry the labels the rest of the report uses
            runs = Report.distinctLabels(runs);
            write(report(runs, ring0(runs, !noModel, spec.commandLine().getErr())), output, spec);
            return 0;
        } catch (BadInputException e) {
            spec.commandLine().getErr().println("ringzero report: " + e.getMessage());
            return 2;
        }
    }

    /**
     * The model's section for these runs, or null when left out or when this machine cannot be calibrated
     * (said in one line: the report is still written).
     */
    static Ring0Prediction ring0(List<LoadedRun> runs, boolean wanted, java.io.PrintWriter err) throws BadInputException {
        if (!wanted) return null;
        ModelSection section = ModelSection.of(runs, io.ringzero.report.model.ModelParameters.DEFAULT_ALPHA);
        if (section == null) err.println("ringzero: no Ring 0 section: this machine could not be calibrated");
        return section;
    }

    /** The report with each run's flame graphs drawn (shared with {@code ringzero run}). */
    static Report report(List<LoadedRun> runs, Ring0Prediction prediction) {
        Report r = Report.of(runs, prediction);
        return r.withFlameGraphs(FlameGraphs.of(r.runs()));
    }

    /** Shared with {@code ringzero run}: files first (so the table is not printed for a report that failed). */
    static void write(Report report, Path output, CommandSpec spec) throws BadInputException {
        ReportFiles.write(report, output);
        spec.commandLine().getOut().print(TerminalTable.render(report));
        spec.commandLine().getOut().println("report: " + output.resolve(ReportFiles.HTML) + ", "
                + output.resolve(ReportFiles.MARKDOWN) + ", " + output.resolve(ReportFiles.SUMMARY));
        if (report.prediction() != null) {
            // the answer last, where the eye lands when the command ends
            spec.commandLine().getOut().print(Table2Text.render(report.prediction()));
        }
        spec.commandLine().getOut().flush();
    }
}
