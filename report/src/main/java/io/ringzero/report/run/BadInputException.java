package io.ringzero.report.run;

/**
 * Input the user gave us is unusable (missing, not JSON, not a run file, unwritable output).
 * The message is one line that names the file and the problem; the CLI prints it and exits with 2.
 */
public final class BadInputException extends Exception {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
