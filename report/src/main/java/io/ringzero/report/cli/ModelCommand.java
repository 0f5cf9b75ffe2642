package io.ringzero.report.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ringzero.report.calibrate.Calibration;
import io.ringzero.report.model.ModelInputs;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.model.Prediction;
import io.ringzero.report.model.RingZeroModel;
import io.ringzero.report.render.PredictionText;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.RunFileReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ringzero model}: what ring 0 would save on a recorded run, or on numbers given by hand. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Predicts CPU, user, system and wall time under ring 0 (Kernel Mode Linux) for a run file, "
                + "in two scenarios: a libc that calls the kernel entry (full saving) and an unmodified glibc JVM "
                + "(only part of the privilege change saved).",
                "With --what-if, runs the same model on given totals (e.g. the KML article's MySQL figures)."})
public final class ModelCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "RUN.json", description = "Run file written by the agent.")
    Path runFile;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.30",
            description = "User time saved per second of system time saved (default ${DEFAULT-VALUE}, band 0.1-0.6).")
    double alpha;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Calibration file (from `ringzero calibrate --json`); default: this machine's cached one, "
                    + "measured now if there is none.")
    Path calibrationFile;

    @Option(names = "--json", description = "Print the prediction as JSON.")
    boolean json;

    @Option(names = "--sites", paramLabel = "N", defaultValue = "10", description = "Call sites to list (default ${DEFAULT-VALUE}).")
    int topSites;

    @Option(names = "--what-if", description = "Model given numbers instead of a run file.")
    boolean whatIf;

    @Option(names = "--user", paramLabel = "SECONDS", description = "What-if: measured user CPU time.")
    Double user;

    @Option(names = "--system", paramLabel = "SECONDS", description = "What-if: measured system CPU time.")
    Double system;

    @Option(names = "--wall", paramLabel = "SECONDS", description = "What-if: measured wall time (optional).")
    Double wall;

    @Option(names = "--calls", paramLabel = "N", description = "What-if: number of syscalls (3e8 is accepted).")
    String calls;

    @Option(names = "--saving-ns", paramLabel = "NS", description = "Saving per call in ns, instead of this machine's calibration (also with a run file).")
    Double savingNs;

    @Option(names = "--ring0-system", paramLabel = "SECONDS",
            description = "What-if: system time measured under ring 0; back-computes the saving per call.")
    Double ring0System;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ModelInputs inputs = whatIf ? whatIfInputs() : runFileInputs();
            ModelParameters params = parameters(inputs);
            Prediction prediction = RingZeroModel.predict(inputs, params);
            if (json) {
                out.println(JSON.writeValueAsString(prediction));
            } else {
                new PredictionText(out, topSites).print(whatIf ? "what-if" : runFile.toString(), prediction);
            }
            out.flush();
            return 0;
        } catch (BadInputException e) {
            spec.commandLine().getErr().println("ringzero: " + e.getMessage());
            return 2;
        } catch (LinkageError | IllegalStateException e) {
            // Only the calibration touches native code: no libc to bind, or /dev/null unusable.
            spec.commandLine().getErr().println("ringzero: calibration failed on this machine (use --calibration FILE "
                    + "or --saving-ns): " + e.getMessage());
            return 1;
        }
    }

    private ModelInputs runFileInputs() {
        if (runFile == null) {
            throw new BadInputException("model needs a run file (RUN.json) or --what-if");
        }
        if (user != null || system != null || calls != null || ring0System != null || wall != null) {
            throw new BadInputException("--user, --system, --wall, --calls and --ring0-system need --what-if");
        }
        try {
            return ModelInputs.fromRunFile(RunFileReader.read(runFile).run());
        } catch (BadInputException e) {
            throw e.getMessage().startsWith(runFile.toString()) ? e : new BadInputException(runFile + ": " + e.getMessage());
        }
    }

    private ModelInputs whatIfInputs() {
        if (runFile != null) {
            throw new BadInputException("--what-if takes no run file");
        }
        if (user == null || system == null || calls == null) {
            throw new BadInputException("--what-if needs --user, --system and --calls");
        }
        if (!(user >= 0) || !(system >= 0) || (wall != null && !(wall > 0))) {
            throw new BadInputException("--user and --system must be seconds >= 0, --wall seconds > 0");
        }
        return ModelInputs.whatIf(user, system, parseCount(calls), wall);
    }

    private ModelParameters parameters(ModelInputs inputs) {
        if (savingNs != null && ring0System != null) {
            throw new BadInputException("give --saving-ns or --ring0-system, not both");
        }
        if (savingNs != null) {
            return ModelParameters.givenSaving(savingNs, alpha, String.format(Locale.ROOT, "given: %.1f ns", savingNs));
        }
        if (ring0System != null) {
            // Back-computation as in docs/model.md: s = (S - S') / N.
            long n = inputs.totalCalls();
            if (n <= 0) {
                throw new BadInputException("--ring0-system needs --calls > 0");
            }
            double s = (inputs.measured().systemS() - ring0System) / n * 1e9;
            return ModelParameters.givenSaving(s, alpha, String.format(Locale.ROOT,
                    "implied by system %.2f s -> %.2f s over %d calls: %.1f ns", inputs.measured().systemS(),
                    ring0System, n, s));
        }
        Calibration c = calibrationFile != null ? Calibration.load(calibrationFile) : Calibration.forThisMachine(false);
        return ModelParameters.fromCalibration(c, alpha);
    }

    private static long parseCount(String s) {
        double d;
        try {
            d = Double.parseDouble(s.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException("--calls: not a number: " + s);
        }
        if (!(d >= 0) || d > 9e18) {
            throw new BadInputException("--calls must be a count >= 0, got " + s);
        }
        return Math.round(d);
    }
}
