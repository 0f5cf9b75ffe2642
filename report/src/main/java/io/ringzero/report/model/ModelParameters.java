package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.calibrate.Calibration;
import io.ringzero.report.runfile.BadInputException;

/**
 * The model's knobs with their bands.
 *
 * @param savingNs          per-call saving of the full call path, s = trap - call (ns)
 * @param alpha             user time saved per unit of system time saved
 * @param kmlStockFraction  share of {@code savingNs} a stock-glibc JVM gets under KML
 * @param savingSource      where {@code savingNs} came from, in words
 * @param calibration       the calibration behind {@code savingNs}, or null when it was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelParameters(@JsonProperty("saving_ns") Band savingNs,
                              @JsonProperty("alpha") Band alpha,
                              @JsonProperty("kml_stock_fraction") Band kmlStockFraction,
                              @JsonProperty("saving_source") String savingSource,
                              @JsonProperty("calibration") Calibration calibration) {

    /** The KML article's own ratio dU/dS = 5.83 s / 19.42 s (MySQL on KML, Table 2). */
    public static final double DEFAULT_ALPHA = 0.30;
    public static final double ALPHA_LOW = 0.1;
    public static final double ALPHA_HIGH = 0.6;

    /**
     * Share of the full call-path saving a stock glibc JVM keeps under KML. Not measured here: derived
     * from the UKL artifact (EuroSys 2023, graphs/fig1.py), where replacing {@code syscall}/{@code sysret}
     * by call/ret while keeping the kernel's entry and exit code saved 12.7-33.1 ns against 240.6-302.9 ns
     * for the full bypass: 4.7 % (write) to 12.0 % (sendto), 6.1 % for getppid. KML's stock path still
     * executes {@code syscall} and only skips SYSRET, so it can gain less: the band starts at 0.
     */
    public static final Band KML_STOCK_FRACTION = new Band(0.0, 0.06, 0.12);

    /**
     * No mode switch costs more than this. The dearest null syscalls in the research notes are 478 ns
     * (KPTI, Haswell) and 660 ns (QEMU software emulation); a saving of 1 us per call or more means the
     * counts or the times are wrong (the KML article's MySQL run with buffered reads would imply 2 us).
     */
    public static final double MAX_MODE_SWITCH_NS = 1000.0;

    /**
     * The most one crossing can save here: with a calibration, the dearest trap it measured (a saving is the trap
     * minus what remains, so no more than the trap); for a saving given by hand, {@link #MAX_MODE_SWITCH_NS}.
     */
    public double plausibleSavingNs() {
        if (calibration == null) {
            return MAX_MODE_SWITCH_NS;
        }
        Spread trap = calibration.spread().get("trap_ns");
        return trap == null ? calibration.trapNs() : Math.max(trap.max(), calibration.trapNs());
    }

    /**
     * The share of a crossing's cost the process sees as system time, the rest as user time: measured by the
     * calibration (getrusage around its trap loop); all of it for a saving given by hand.
     */
    public double systemShare() {
        return calibration == null ? 1.0 : calibration.trapSystemShareOrAll();
    }

    public static Band alphaBand(double alpha) {
        if (!(alpha >= 0) || alpha > 10) {
            throw new BadInputException("--alpha must be between 0 and 10, got " + alpha);
        }
        return new Band(Math.min(ALPHA_LOW, alpha), alpha, Math.max(ALPHA_HIGH, alpha));
    }

    /** s from a calibration: median trap minus median call, banded by their interquartile ranges. */
    public static ModelParameters fromCalibration(Calibration c, double alpha) {
        Band trap = c.trapBand();
        Band call = c.callBand();
        Band s = new Band(trap.low() - call.high(), c.trapNs() - c.callNs(), trap.high() - call.low());
        String source = String.format(java.util.Locale.ROOT,
                "calibration of %s: trap %.1f ns - call %.1f ns", c.measuredAt(), c.trapNs(), c.callNs());
        return new ModelParameters(s, alphaBand(alpha), KML_STOCK_FRACTION, source, c);
    }

    /** s given by the user (the KML article's what-if): no spread, the band comes from alpha alone. */
    public static ModelParameters givenSaving(double savingNs, double alpha, String source) {
        return new ModelParameters(Band.exactly(savingNs), alphaBand(alpha), KML_STOCK_FRACTION, source, null);
    }
}
