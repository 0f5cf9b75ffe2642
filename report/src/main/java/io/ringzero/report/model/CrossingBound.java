package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * The profile's side of the ring-0 question, set beside the count-based prediction: the system time spent in
 * crossing code, system time x the measured entry/exit share of kernel samples (low and high end, see
 * docs/profiler.md). Ring 0 removes at most that, whatever the counts say, so it bounds the call-path saving
 * independently of the calibration.
 *
 * @param profile       the profile figures it was computed from (or why there are none)
 * @param systemS       measured system CPU time of the process
 * @param crossingLowS  system time x entry/exit share, null without a usable profile
 * @param crossingHighS system time x the share's high end (wrapper samples counted as crossing)
 * @param countBasedS   the call-path scenario's system saving (calls x per-call saving), for the comparison
 * @param verdict       how the two compare, see {@link Verdict}
 * @param finding       the comparison in words; says what is missing when there is no profile
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrossingBound(@JsonProperty("profile") CpuProfile profile,
                            @JsonProperty("system_s") double systemS,
                            @JsonProperty("crossing_low_s") Double crossingLowS,
                            @JsonProperty("crossing_high_s") Double crossingHighS,
                            @JsonProperty("count_based_s") Band countBasedS,
                            @JsonProperty("verdict") Verdict verdict,
                            @JsonProperty("finding") String finding) {

    /** How the count-based saving sits against the measured crossing time. */
    public enum Verdict {
        /** No usable profile: nothing to compare. */
        @JsonProperty("no_profile") NO_PROFILE,
        /** The two ranges overlap (after the profile's sampling error). */
        @JsonProperty("consistent") CONSISTENT,
        /** The calls x per-call saving exceed the crossing time measured: the prediction overstates. */
        @JsonProperty("counts_exceed_crossing") COUNTS_EXCEED_CROSSING,
        /** More crossing time was measured than the counted calls explain. */
        @JsonProperty("crossing_exceeds_counts") CROSSING_EXCEEDS_COUNTS
    }

    /**
     * Standard errors the profile's range is widened by before the two are called different. The sampled
     * share of n samples has a relative standard error of about 1/sqrt(n); two of them leave a disagreement
     * that sampling noise explains about one time in twenty.
     */
    static final double SAMPLING_SIGMAS = 2.0;

    static CrossingBound of(CpuProfile profile, double systemS, Band countBasedS, long calls) {
        if (!profile.usable()) {
            return new CrossingBound(profile, systemS, null, null, countBasedS, Verdict.NO_PROFILE,
                    "no measured bound: " + profile.missing());
        }
        double low = systemS * profile.entryExitShare();
        double high = systemS * profile.entryExitShareHigh();
        long nLow = profile.entryExitSamples() == null ? 0 : profile.entryExitSamples();
        long nHigh = nLow + (profile.wrapperSamples() == null ? 0 : profile.wrapperSamples());
        double lowest = low * Math.max(0, 1 - SAMPLING_SIGMAS / Math.sqrt(Math.max(1, nLow)));
        double highest = nHigh == 0 ? high : high * (1 + SAMPLING_SIGMAS / Math.sqrt(nHigh));
        if (nHigh == 0) {
            // No crossing sample at all: 3 samples' worth is the 95 % upper limit of a Poisson count of 0.
            highest = systemS * 3.0 / Math.max(1, profile.kernelSamples());
        }

        Verdict verdict;
        String finding;
        String perCall = calls > 0
                ? String.format(Locale.ROOT, "; %.0f-%.0f ns per counted call", low / calls * 1e9, high / calls * 1e9) : "";
        String measured = String.format(Locale.ROOT, "%.3f-%.3f s of system time in syscall entry/exit code "
                + "(%.3f s system x %s-%s of %,d kernel samples, %s engine%s)", low, high, systemS,
                pct(profile.entryExitShare()), pct(profile.entryExitShareHigh()), profile.kernelSamples(), profile.engine(),
                perCall);
        String counted = String.format(Locale.ROOT, "the count-based call-path saving %.3f s (band %.3f-%.3f)",
                countBasedS.central(), countBasedS.low(), countBasedS.high());
        if (countBasedS.low() > highest) {
            verdict = Verdict.COUNTS_EXCEED_CROSSING;
            finding = String.format(Locale.ROOT, "%s is %s the %s, which is all ring 0 can remove: the per-call "
                    + "calibration overstates what a crossing costs in this run (a null syscall timed in a tight loop, "
                    + "perhaps under another load), or the profile under-samples the crossing (interrupts are off on "
                    + "entry and exit, so a timer-driven clock sees little of it)", cap(counted),
                    high > 0 ? String.format(Locale.ROOT, "%.1fx", countBasedS.central() / high) : "more than", measured);
        } else if (countBasedS.high() < lowest) {
            verdict = Verdict.CROSSING_EXCEEDS_COUNTS;
            finding = String.format(Locale.ROOT, "the profile measured %s, %.1fx %s: the counts miss syscalls "
                    + "(Java-level counts leave out the JVM's own), or a crossing costs more per call in this run than "
                    + "the calibration's null syscall", measured, low / Math.max(countBasedS.central(), 1e-12), counted);
        } else {
            verdict = Verdict.CONSISTENT;
            finding = String.format(Locale.ROOT, "%s lies within the measured %s (sampling error included)",
                    cap(counted), measured);
        }
        return new CrossingBound(profile, systemS, low, high, countBasedS, verdict, finding);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
