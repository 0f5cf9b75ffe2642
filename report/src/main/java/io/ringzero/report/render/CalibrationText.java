package io.ringzero.report.render;

import io.ringzero.report.calibrate.Calibration;
import io.ringzero.report.calibrate.CalibrationCache;
import io.ringzero.report.model.Spread;

import java.util.Locale;
import java.util.Map;

/** {@code ringzero calibrate}'s table: the measured costs, with the mitigations that move the trap's. */
public final class CalibrationText {

    private static final String ROW = "%-44s %9s %9s %9s %9s%n";

    private CalibrationText() {
    }

    public static String render(CalibrationCache.Result r) {
        Calibration c = r.calibration();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Calibration of %s, kernel %s (%d CPUs), glibc %s, %s%n",
                c.machine().cpuModel(), c.machine().kernel(), c.machine().cpus(), c.glibc(), c.jvm()));
        sb.append(String.format(Locale.ROOT, "%s %s, %d rounds%n", r.fromCache() ? "cached, measured" : "measured",
                c.measuredAt(), c.rounds()));
        sb.append(String.format(Locale.ROOT, ROW, "ns per call (net of the JNA call path)", "median", "p25", "p75", "min"));
        row(sb, "trap: getppid - getpagesize (null syscall)", c.spread(), "trap_ns");
        row(sb, "function call (indirect, Java)", c.spread(), "call_ns");
        row(sb, "clock_gettime via vDSO (no trap)", c.spread(), "vdso_clock_gettime_ns");
        row(sb, "write 1 byte to /dev/null", c.spread(), "write_devnull_ns");
        row(sb, "read 1 byte from /dev/zero", c.spread(), "read_devzero_ns");
        row(sb, "JNA path: getpagesize (subtracted above)", c.spread(), "jna_path_ns");
        sb.append(String.format(Locale.ROOT, "trap / call = %.0fx%n", c.trapNs() / c.callNs()));
        if (c.trapSystemShare() != null) {
            sb.append(String.format(Locale.ROOT, "a trap's CPU time charged as system time: %.0f %% (the rest as user "
                    + "time; getrusage around the trap loop)%n", 100 * c.trapSystemShare()));
        }
        // the mitigations that change what a crossing costs: page-table isolation on every entry and exit,
        // return-stack and branch-predictor work on the way in (docs/model.md)
        c.machine().vulnerabilities().forEach((k, v) -> {
            if (k.equals("meltdown") || k.equals("spectre_v2") || k.equals("retbleed") || k.equals("spec_rstack_overflow")) {
                sb.append(k).append(": ").append(TerminalTable.plain(v)).append('\n');
            }
        });
        if (r.file() != null) {
            sb.append("cache: ").append(r.file()).append('\n');
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, Map<String, Spread> spread, String key) {
        Spread s = spread.get(key);
        if (s != null) {
            sb.append(String.format(Locale.ROOT, "%-44s %9.1f %9.1f %9.1f %9.1f%n", label, s.median(), s.p25(), s.p75(),
                    s.min()));
        }
    }
}
