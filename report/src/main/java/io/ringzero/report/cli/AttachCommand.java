package io.ringzero.report.cli;

import io.ringzero.report.launch.AgentLaunch;
import io.ringzero.report.launch.AttachTarget;
import io.ringzero.report.launch.AttachedJvm;
import io.ringzero.report.render.ReportFiles;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.LoadedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ringzero attach PID [--duration 30s] [-o DIR]}: counts in a running JVM for a window, then reports; the
 * application runs on.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Loads the RingZero agent into a running JVM (Attach API), counts its syscalls for a window and "
                + "writes the run file and the report (as `ringzero report`). The application keeps running; a later "
                + "attach opens a new window with the hooks already in place.",
                "Without --duration the window stays open until `ringzero attach PID --stop` or the JVM's exit.",
                "Exit code: 0; 2 for bad input (no such process, not a JVM, another user's JVM, attach disabled, "
                        + "another RingZero version loaded)."})
public final class AttachCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    long pid;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "how long to count, e.g. 30s, 500ms, 2m (default: until --stop or the JVM's exit)")
    String duration;

    @Option(names = "--stop", description = "end the open window: write its run file and the report beside it")
    boolean stop;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "output directory for the run file and the report (default: ringzero-attach-PID-TIME)")
    Path output;

    @Option(names = "--agent", paramLabel = "JAR", description = "the agent jar (found as for `ringzero run`)")
    Path agentJar;

    @Option(names = "--agent-options", paramLabel = "K=V[,K=V...]",
            description = "agent options for this window (see the README); sites, sample, first, latency and depth "
                    + "take effect at the first attach only")
    String agentOptions;

    @Option(names = "--no-model", description = "leave out the Ring 0 section (no calibration of this machine)")
    boolean noModel;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return stop ? stop(err) : open(err);
        } catch (BadInputException e) {
            err.println("ringzero attach: " + e.getMessage());
            return 2;
        }
    }

    private int open(PrintWriter err) throws BadInputException {
        long millis = duration == null ? 0 : Durations.millis("--duration", duration);
        AgentLaunch agent = AgentLaunch.find(agentJar);
        String options = "interval=1,quiet" + (agentOptions == null || agentOptions.isBlank() ? "" : "," + agentOptions);
        if (agentOptions != null && (agentOptions.contains("out=") || agentOptions.contains("stop"))) {
            throw new BadInputException("--agent-options: out and stop are set by ringzero attach (use -o and --stop)");
        }
        agent.checkOptions(options);
        Path dir = (output != null ? output : Path.of("ringzero-attach-" + pid + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath().normalize();
        Path runFile = dir.resolve(RunCommand.RUN_FILE);
        if (Files.exists(runFile)) {
            throw new BadInputException(runFile + " exists already: give another -o DIR (nothing was attached)");
        }
        AttachTarget target = AttachTarget.of(pid);
        try (AttachedJvm jvm = AttachedJvm.attach(target)) {
            refuseForeignAgent(jvm, agent);
            Path open = jvm.openWindow();
            if (open != null) {
                throw new BadInputException("a window is open already in " + pid + " (run file " + open
                        + "); end it with: ringzero attach " + pid + " --stop");
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new BadInputException(dir + ": cannot use the output directory (" + ReportFiles.reason(e) + ")");
            }
            jvm.load(agent.jar(), AgentLaunch.options(runFile, options));
            if (!runFile.equals(jvm.openWindow())) {
                throw new BadInputException("the agent opened no window in " + pid + " (its stderr says why)");
            }
        }
        if (millis == 0) {
            err.println("ringzero attach: counting in " + pid + " (" + target.name() + "); run file " + runFile
                    + "; end the window with: ringzero attach " + pid + " --stop");
            return 0;
        }
        return waitAndStop(target, agent, runFile, millis, err);
    }

    /**
     * Counts for the duration with a progress line, then ends the window. Ctrl-C ends it early: the shutdown hook
     * holds this JVM's exit until the window is closed and reported.
     */
    private int waitAndStop(AttachTarget target, AgentLaunch agent, Path runFile, long millis, PrintWriter err)
            throws BadInputException {
        Thread main = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            main.interrupt();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ringzero-attach-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            boolean exited = progress(target, millis, err);
            if (exited) {
                err.println("ringzero attach: JVM " + pid + " exited during the window; its run file covers the window up to the exit");
                return report(runFile, err);
            }
            closeWindow(target, agent, runFile);
            return report(runFile, err);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the hook runs already and has just been released
            }
        }
    }

    /** Waits out the window; true when the JVM exited first. An interrupt (Ctrl-C) ends the wait early. */
    private boolean progress(AttachTarget target, long millis, PrintWriter err) {
        boolean tty = System.console() != null;
        long end = System.nanoTime() + millis * 1_000_000;
        err.println("ringzero attach: counting in " + pid + " (" + target.name() + ") for " + Durations.text(millis)
                + "; Ctrl-C ends the window early");
        err.flush();
        try {
            for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    return true;
                }
                if (tty) {
                    err.print("\r  " + (left + 999) / 1000 + " s left ");
                    err.flush();
                }
                Thread.sleep(Math.min(left, 1000));
            }
        } catch (InterruptedException e) {
            Thread.interrupted(); // the window ends now; the attach below must not see the interrupt
        }
        if (tty) {
            err.print("\r");
        }
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private int stop(PrintWriter err) throws BadInputException {
        if (output != null || duration != null) {
            throw new BadInputException("--stop takes no -o or --duration: the report goes beside the window's run file");
        }
        AgentLaunch agent = AgentLaunch.find(agentJar);
        AttachTarget target = AttachTarget.of(pid);
        Path runFile;
        try (AttachedJvm jvm = AttachedJvm.attach(target)) {
            refuseForeignAgent(jvm, agent);
            runFile = jvm.openWindow();
            if (runFile == null) {
                throw new BadInputException("no RingZero window is open in " + pid);
            }
        }
        closeWindow(target, agent, runFile);
        return report(runFile, err);
    }

    private static void closeWindow(AttachTarget target, AgentLaunch agent, Path runFile) throws BadInputException {
        try (AttachedJvm jvm = AttachedJvm.attach(target)) {
            if (!runFile.equals(jvm.openWindow())) {
                throw new BadInputException("the window writing " + runFile + " was ended by someone else");
            }
            jvm.load(agent.jar(), "stop");
        }
    }

    /** Another version's classes would answer our load (the class names are the same): refuse before loading. */
    private void refuseForeignAgent(AttachedJvm jvm, AgentLaunch agent) throws BadInputException {
        String loaded = jvm.agentVersion();
        if (loaded != null && !loaded.equals(agent.version())) {
            throw new BadInputException("JVM " + pid + " has RingZero agent " + loaded + " loaded, this is " + agent.version()
                    + ": use that version's ringzero attach, or restart the JVM");
        }
        if ("javaagent".equals(jvm.agentMode())) {
            throw new BadInputException("JVM " + pid + " runs the RingZero agent from -javaagent, which counts from its "
                    + "start to its exit: read that run file (attach windows are for JVMs started without the agent)");
        }
    }

    private int report(Path runFile, PrintWriter err) throws BadInputException {
        LoadedRun loaded = LoadedRun.read(runFile);
        ReportCommand.write(ReportCommand.report(List.of(loaded), ReportCommand.ring0(List.of(loaded), !noModel, err)),
                runFile.getParent(), spec);
        return 0;
    }
}
