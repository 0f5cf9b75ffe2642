package io.ringzero.report.cli;

import io.ringzero.report.calibrate.CalibrationCache;
import io.ringzero.report.render.CalibrationText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ringzero calibrate}: what a syscall costs on this machine, measured once and cached. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Measures the cost of a null syscall (the trap), of a function call, of a vDSO call and of "
                + "1-byte write/read on /dev/null and /dev/zero on this machine (about 3 s), and caches it "
                + "per kernel, CPU and mitigations under $XDG_CACHE_HOME/ringzero (default ~/.cache/ringzero)."})
public final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the calibration as JSON.")
    boolean json;

    @Option(names = "--fresh", description = "Measure again even if this machine has a cached calibration.")
    boolean fresh;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CalibrationCache.Result r;
        try {
            r = CalibrationCache.forCurrentUser().loadOrMeasure(fresh);
        } catch (LinkageError | IllegalStateException e) {
            // No libc to bind (not Linux/glibc) or /dev/null unusable: nothing we can measure here.
            spec.commandLine().getErr().println("ringzero: calibration failed on this machine: " + e.getMessage());
            return 1;
        }
        if (json) {
            out.print(r.calibration().toJson());
        } else {
            out.print(CalibrationText.render(r));
        }
        out.flush();
        if (r.file() == null) {
            spec.commandLine().getErr().println("ringzero: warning: could not write the calibration cache");
        }
        return 0;
    }
}
