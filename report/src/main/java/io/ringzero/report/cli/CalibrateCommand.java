package io.ringzero.report.cli;

import io.ringzero.report.calibrate.CalibrationCache;
import io.ringzero.report.calibrate.Calibration;
import io.ringzero.report.model.Spread;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
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
            printText(out, r);
        }
        out.flush();
        if (r.file() == null) {
            spec.commandLine().getErr().println("ringzero: warning: could not write the calibration cache");
        }
        return 0;
    }

    private static void printText(PrintWriter out, CalibrationCache.Result r) {
        Calibration c = r.calibration();
        out.printf(Locale.ROOT, "Calibration of %s, kernel %s (%d CPUs), glibc %s, %s%n",
                c.machine().cpuModel(), c.machine().kernel(), c.machine().cpus(), c.glibc(), c.jvm());
        out.printf(Locale.ROOT, "%s %s, %d rounds%n", r.fromCache() ? "cached, measured" : "measured", c.measuredAt(),
                c.rounds());
        out.printf(Locale.ROOT, "%-44s %9s %9s %9s %9s%n", "ns per call (net of the JNA call path)", "median",
                "p25", "p75", "min");
        row(out, "trap: getppid - getpagesize (null syscall)", c.spread(), "trap_ns");
        row(out, "function call (indirect, Java)", c.spread(), "call_ns");
        row(out, "clock_gettime via vDSO (no trap)", c.spread(), "vdso_clock_gettime_ns");
        row(out, "write 1 byte to /dev/null", c.spread(), "write_devnull_ns");
        row(out, "read 1 byte from /dev/zero", c.spread(), "read_devzero_ns");
        row(out, "JNA path: getpagesize (subtracted above)", c.spread(), "jna_path_ns");
        out.printf(Locale.ROOT, "trap / call = %.0fx%n", c.trapNs() / c.callNs());
        c.machine().vulnerabilities().forEach((k, v) -> {
            if (k.equals("meltdown") || k.equals("spectre_v2")) {
                out.printf(Locale.ROOT, "%s: %s%n", k, v);
            }
        });
        if (r.file() != null) {
            out.println("cache: " + r.file());
        }
    }

    private static void row(PrintWriter out, String label, Map<String, Spread> spread, String key) {
        Spread s = spread.get(key);
        if (s != null) {
            out.printf(Locale.ROOT, "%-44s %9.1f %9.1f %9.1f %9.1f%n", label, s.median(), s.p25(), s.p75(), s.min());
        }
    }
}
