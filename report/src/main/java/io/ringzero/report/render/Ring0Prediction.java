package io.ringzero.report.render;

import java.util.List;

/**
 * What the report needs from the ring-0 model ({@code io.ringzero.report.model}, written separately) to fill
 * the "Ring 0" section: the measured Table 2 row, one predicted row per scenario, and the warnings that must
 * be shown with the figures. The report renders the section only when a prediction is given and computes
 * nothing in it.
 *
 * <p>The model's {@code Prediction} maps onto it directly: {@code measured()} from its measured times,
 * {@code scenarios()} from each scenario prediction (label, user, system and CPU bands, speedup band),
 * {@code warnings()} from its flags' messages, {@code notes()} from its notes.
 */
public interface Ring0Prediction {

    /** One sentence on how the figures were obtained (model, calibration, where the counts came from). */
    String method();

    /** The measured row (exact bands). */
    Row measured();

    /** One predicted row per ring-0 scenario. */
    List<Row> scenarios();

    /** Reasons not to trust the figures; shown prominently. */
    List<String> warnings();

    /** Assumptions worth a reader's attention. */
    List<String> notes();

    /** Syscalls the prediction is fed by, all runs together. */
    default long calls() {
        return 0;
    }

    /** The central saving per call, in ns. */
    default double savingNs() {
        return Double.NaN;
    }

    /** Whose syscalls the prediction's saving comes from; null unless every run has the kernel's per-thread counts. */
    default Split split() {
        return null;
    }

    /**
     * The call-path saving by who made the calls (the model is linear in the count, so each group's share of the
     * calls is its share of the saving): the application's code (Java-level I/O, waits, other calls on its threads),
     * native libraries (JNI, by their stacks), the JVM's own (JIT, GC and VM threads, class loading), RingZero's (its
     * threads and profiler signals, which go with the tool).
     */
    record Split(long application, long libraries, long jvm, long agent) {
        public long total() {
            return application + libraries + jvm + agent;
        }

        public double share(long n) {
            return total() == 0 ? Double.NaN : (double) n / total();
        }

        /** One sentence for every format, with the CPU seconds the call path saves. */
        public String sentence(double savedCpuS) {
            return String.format(java.util.Locale.ROOT, "Whose syscalls the saving comes from (%.2f s of CPU on the call "
                            + "path): the application's threads %.0f %% (Java-level I/O, waits, other calls), %sthe JVM's own "
                            + "%.0f %% (JIT, GC and VM threads, class loading), RingZero's %.0f %% (its threads and profiler signals, "
                            + "gone without the tool).", savedCpuS, 100 * share(application),
                    libraries == 0 ? "" : String.format(java.util.Locale.ROOT, "native libraries' %.0f %% (JNI, by their stacks), ",
                            100 * share(libraries)), 100 * share(jvm), 100 * share(agent));
        }
    }

    /** The call path's CPU saving, central, in seconds; NaN without a scenario. */
    default double savedCpuS() {
        return scenarios().isEmpty() ? Double.NaN : measured().cpuS().mid() - scenarios().get(0).cpuS().mid();
    }

    /**
     * Per run, the CPU profile's bound beside the count-based saving (docs/model.md); empty when the model gave
     * none.
     */
    default List<Crossing> crossing() {
        return List.of();
    }

    /**
     * System time spent in syscall entry/exit code, as measured by the CPU profile, beside the call-path saving
     * computed from the counts.
     *
     * @param run         the run's label
     * @param profile     the profile it comes from in words (engine, samples), null when missing
     * @param systemS     the run's system time
     * @param crossingLowS  system time x the entry/exit share; null when the run has no usable profile
     * @param crossingHighS the same with the wrapper samples counted as crossing (the high end)
     * @param countBasedS the call-path scenario's system saving
     * @param verdict     {@code consistent}, {@code counts_exceed_crossing}, {@code crossing_exceeds_counts} or
     *                    {@code no_profile}
     * @param finding     the comparison in words, or what is missing
     */
    record Crossing(String run, String profile, double systemS, Double crossingLowS, Double crossingHighS,
                    Band countBasedS, String verdict, String finding) {
    }

    /** A Table 2 row: user, system and CPU seconds, and the speedup against the measured row (1 = none). */
    record Row(String label, Band userS, Band systemS, Band cpuS, Band speedup) {
    }

    /** A figure with its plausible range; {@code low == mid == high} for a measured one. */
    record Band(double low, double mid, double high) {
        public static Band exactly(double v) {
            return new Band(v, v, v);
        }

        public boolean exact() {
            return low == mid && mid == high;
        }
    }
}
