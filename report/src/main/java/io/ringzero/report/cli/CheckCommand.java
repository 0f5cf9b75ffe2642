package io.ringzero.report.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ringzero.report.calibrate.Calibration;
import io.ringzero.report.check.AddedCostCheck;
import io.ringzero.report.check.CheckFailure;
import io.ringzero.report.check.CheckReport;
import io.ringzero.report.check.CheckText;
import io.ringzero.report.check.CheckedProgram;
import io.ringzero.report.check.KmlCheck;
import io.ringzero.report.check.KmlHost;
import io.ringzero.report.check.KmlReport;
import io.ringzero.report.launch.AgentLaunch;
import io.ringzero.report.model.ModelParameters;
import io.ringzero.report.runfile.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ringzero check}: measures how the run time of a Java program responds to the cost of a syscall. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Measures how a Java program's run time responds to the cost of a syscall and checks the "
                + "model against it.",
                "Default: the added-cost check. Runs the program (with the agent, counting only) under seccomp filters "
                        + "that make every syscall dearer by a known delta, fits system time = T0 + N_eff x delta, and "
                        + "compares N_eff with the counted syscalls and the line read at -s with the model's prediction.",
                "--kml: on a Kernel Mode Linux kernel, runs the program as a normal and as a kernel-mode process "
                        + "instead; exits 2 on any other kernel without changing anything."},
        footer = {"", "Example: ringzero check --repeat 4 -- java -jar app.jar"})
public final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "java ARGS", description = "The program to check, after --.")
    List<String> command;

    @Option(names = "--deltas", paramLabel = "NS,...", split = ",", defaultValue = "0,200,400,600,800",
            description = "Added cost per syscall in ns for the added-cost check (default ${DEFAULT-VALUE}); must include 0.")
    List<Double> deltas;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "3",
            description = "Runs per delta (per mode with --kml), default ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Directory for the runs' files (default ringzero-check-TIMESTAMP in the current directory).")
    Path outDir;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--kml", description = "Compare with a real Kernel Mode Linux run instead of the added-cost check.")
    boolean kml;

    @Option(names = "--agent", paramLabel = "JAR", description = "The agent jar (default: ringzero-agent.jar beside "
            + "this program's jar, or the build tree's agent/target).")
    Path agentJar;

    @Option(names = "--tolerance", paramLabel = "PCT", defaultValue = "10",
            description = "N_eff and the counted N agree within this many percent (default ${DEFAULT-VALUE}).")
    double tolerancePct;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.30",
            description = "The model's user time saved per second of system time saved (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Calibration file for the model (default: this machine's cached one, measured if none).")
    Path calibrationFile;

    @Option(names = "--saving-ns", paramLabel = "NS", description = "Saving per call in ns instead of the calibration.")
    Double savingNs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (kml) {
                // Before anything else: on a kernel without KML nothing may be created, not even DIR.
                KmlHost host = KmlHost.detect();
                KmlCheck.requireKml(host);
                KmlReport r = new KmlCheck(repeat, outputDir(), workload(), err, host).run(parameters());
                if (json) {
                    out.println(JSON.writeValueAsString(r));
                } else {
                    new CheckText(out).print(r);
                }
            } else {
                AddedCostCheck check = new AddedCostCheck(deltas, repeat, outputDir(), workload(), tolerancePct, err);
                CheckReport r = check.run(parameters());
                if (json) {
                    out.println(JSON.writeValueAsString(r));
                } else {
                    new CheckText(out).print(r);
                }
            }
            out.flush();
            return 0;
        } catch (CheckFailure e) {
            err.println("ringzero: check" + (kml ? " --kml" : "") + ": " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (BadInputException e) {
            err.println("ringzero: check: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private CheckedProgram workload() {
        return new CheckedProgram(command, agent());
    }

    private Path outputDir() {
        if (outDir != null) {
            return outDir.toAbsolutePath();
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        return Path.of("ringzero-check-" + stamp).toAbsolutePath();
    }

    private AgentLaunch agent() {
        try {
            return AgentLaunch.find(agentJar);
        } catch (BadInputException e) {
            throw new CheckFailure(2, e.getMessage());
        }
    }

    private ModelParameters parameters() {
        if (savingNs != null) {
            return ModelParameters.givenSaving(savingNs, alpha, String.format(Locale.ROOT, "given: %.1f ns", savingNs));
        }
        Calibration c = calibrationFile != null ? Calibration.load(calibrationFile) : Calibration.forThisMachine(false);
        return ModelParameters.fromCalibration(c, alpha);
    }
}
