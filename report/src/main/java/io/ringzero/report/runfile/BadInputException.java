package io.ringzero.report.runfile;

/**
 * Input the user handed us is unusable (missing, malformed, wrong kind, too new). The message is one
 * line meant for stderr as is: the CLI prints it and exits with code 2, never with a stack trace.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String oneLineMessage) {
        super(oneLineMessage.replace('\n', ' ').replace('\r', ' '));
    }
}
