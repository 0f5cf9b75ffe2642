package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A reason not to trust a prediction, in words. {@code code} is stable for programs, {@code message}
 * is for people. Flags are part of the prediction so that no consumer can print figures without them.
 */
public record Flag(@JsonProperty("code") String code, @JsonProperty("message") String message) {

    /** dS exceeds the measured system time: the counts or the per-call saving are wrong. */
    public static final String SAVING_EXCEEDS_SYSTEM = "saving_exceeds_system_time";
    /** The per-call saving (given, calibrated or implied) is not something a mode switch can cost. */
    public static final String SAVING_NOT_A_MODE_SWITCH = "saving_outside_mode_switch_range";
    /** Nothing was counted: the prediction is "no change" for lack of data, not a finding. */
    public static final String NO_SYSCALLS = "no_syscalls_counted";
    /** The measured run already ran in ring 0 under KML. */
    public static final String ALREADY_RING0 = "run_already_in_ring0";
    /** The calibration was measured on another kernel, CPU or mitigation set than the run. */
    public static final String CALIBRATION_OTHER_MACHINE = "calibration_from_other_machine";
    /** The call-path saving exceeds the system time the CPU profile measured in entry/exit code. */
    public static final String SAVING_EXCEEDS_CROSSING = "saving_exceeds_measured_crossing";
    /** The run file is an interval write: the process may have gone on. */
    public static final String NOT_FINAL = "run_not_final";
}
