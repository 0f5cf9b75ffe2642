package io.ringzero.report.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ringzero} command line. Each subcommand lives in its own class. */
@Command(name = "ringzero", mixinStandardHelpOptions = true, version = "ringzero 0.1.0",
        description = "How much of a Java application's time goes into crossing into the kernel, and what ring 0 would buy.",
        subcommands = {DemoCommand.class, ReportCommand.class, RunCommand.class, AttachCommand.class, DiffCommand.class, CalibrateCommand.class, ModelCommand.class,
                CheckCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 2 bad input, 3 internal error;
     * {@code run} returns the measured program's own exit code when that failed. */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** As {@link #execute(String...)}, with stdout and stderr replaced when not null (for tests). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ringzero: " + ex.getMessage());
            return 2;
        });
        // A bug must not look like bad input, but the user still gets one line; RINGZERO_DEBUG=1 shows the trace.
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("ringzero: internal error: " + ex);
            if (System.getenv("RINGZERO_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            }
            return 3;
        });
        try {
            return cli.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli passes Errors through; the user still gets one line and an exit code, never a trace
            cli.getErr().println("ringzero: internal error: " + e + " (the input is larger or deeper than this "
                    + "version can handle)");
            return 3;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
