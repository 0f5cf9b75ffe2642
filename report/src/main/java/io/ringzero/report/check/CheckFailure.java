package io.ringzero.report.check;

/**
 * The check cannot give an answer. The message is printed as is after "ringzero: check: "; the first
 * line says what went wrong, further lines (the tail of a workload's stderr) are details.
 */
public final class CheckFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code: 1 the measured program or the launcher failed, 2 the check cannot run on this system or input. */
    private final int exitCode;

    public CheckFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
