package io.ringzero.report.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ringzero} command line. Each subcommand lives in its own class. */
@Command(name = "ringzero", mixinStandardHelpOptions = true, version = "ringzero 0.1.0",
        description = "How much of a Java application's time goes into crossing into the kernel, and what ring 0 would buy.",
        subcommands = {CommandLine.HelpCommand.class, CalibrateCommand.class, ModelCommand.class,
                CheckCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 failure of the measured program, 2 bad input. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ringzero: " + ex.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
