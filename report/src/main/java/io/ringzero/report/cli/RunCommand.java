package io.ringzero.report.cli;

import io.ringzero.report.launch.AgentLaunch;
import io.ringzero.report.launch.ChildLifetime;
import io.ringzero.report.oracle.BpftraceOracle;
import io.ringzero.report.oracle.KernelOracle;
import io.ringzero.report.oracle.PerfOracle;
import io.ringzero.report.oracle.StraceOracle;
import io.ringzero.report.render.ReportFiles;
import io.ringzero.report.symbols.StackNames;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import io.ringzero.report.runfile.RunFileWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ringzero run [-o DIR] [--agent-options ...] -- java ARGS...}: launch with the agent, then report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a Java command with the RingZero agent attached, waits for it and writes the report "
                + "(as `ringzero report`).",
                "Where the machine allows it, the kernel's own per-syscall totals of the whole process are recorded "
                        + "too (perf), so the report shows which share of them the Java-level counts explain.",
                "Exit code: the program's own when it failed, else 0; 2 for bad input."})
public final class RunCommand implements Callable<Integer> {

    /** Where the run file goes inside the output directory. */
    static final String RUN_FILE = "run.json";
    static final String ORACLE_FILE = "kernel-oracle.txt";

    enum OracleChoice { auto, bpftrace, perf, strace, none }

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "ringzero-report",
            description = "output directory for the run file and the report (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--agent", paramLabel = "JAR",
            description = "the agent jar (default: -Dringzero.agent.jar, else agent/target/ringzero-agent.jar beside this jar's module)")
    Path agentJar;

    @Option(names = "--agent-options", paramLabel = "K=V[,K=V...]",
            description = "extra agent options, appended after out=, interval= and quiet")
    String agentOptions;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "seconds between the agent's snapshots (default: ${DEFAULT-VALUE})")
    double interval;

    @Option(names = "--no-model", description = "leave out the Ring 0 section (no calibration of this machine)")
    boolean noModel;

    @Option(names = "--oracle", paramLabel = "TOOL", defaultValue = "auto",
            description = "kernel-side syscall counts: auto (bpftrace, else perf, whichever works here first; else "
                    + "none), bpftrace (per thread), perf, strace (slows the program down), none (default: ${DEFAULT-VALUE})")
    OracleChoice oracle;

    @Option(names = "--no-stacks", description = "with bpftrace, the counts per thread alone, without each syscall's "
            + "innermost user stack (which costs more: docs/benchmarks.md)")
    boolean noStacks;

    @Parameters(arity = "1..*", paramLabel = "-- java ARGS", description = "the java command to measure")
    List<String> command;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return runAndReport(err);
        } catch (BadInputException e) {
            err.println("ringzero run: " + e.getMessage());
            return 2;
        }
    }

    private int runAndReport(PrintWriter err) throws BadInputException {
        String java = command.get(0);
        String base = Path.of(java).getFileName().toString();
        if (!base.equals("java") && !base.equals("java.exe")) {
            throw new BadInputException("expected a java command after --, got \"" + java + "\"");
        }
        if (ChildLifetime.executable(java) == null) {
            throw new BadInputException(java + ": no such program (give the path of a java launcher, or one on PATH)");
        }
        if (!(interval > 0)) {
            throw new BadInputException("--interval must be a positive number of seconds, got " + interval);
        }
        AgentLaunch agent = AgentLaunch.find(agentJar);
        Path dir = output.toAbsolutePath().normalize();
        Path runFile = dir.resolve(RUN_FILE);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(runFile); // a run file left from an earlier run must not pass for this one's
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot use the output directory (" + ReportFiles.reason(e) + ")");
        }

        KernelOracle kernel = chooseOracle(err);
        Path oracleOut = dir.resolve(ORACLE_FILE);
        String seconds = interval == Math.rint(interval) ? Long.toString((long) interval) : Double.toString(interval);
        List<String> jvm = new java.util.ArrayList<>(agent.command(command, runFile, "interval=" + seconds, "quiet", agentOptions));
        if (kernel != null) {
            jvm.addAll(1, kernel.jvmOptions());
        }
        List<String> cmd = ChildLifetime.program(jvm);
        if (kernel != null) {
            cmd = ChildLifetime.tracer(kernel.wrap(cmd, oracleOut));
        }

        java.lang.Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            throw new BadInputException("cannot start " + cmd.get(0) + " (" + ReportFiles.reason(e) + ")");
        }
        // Ctrl-C reaches the program and us alike; SIGINT or SIGTERM sent to ringzero alone is passed on to the
        // program (not to a tracer, which must live to write its counts). The run file is complete only after the
        // program's own shutdown hook, so our JVM's shutdown waits until the program has exited and the report
        // is written.
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                programOf(child, kernel != null).forEach(ProcessHandle::destroy);
                child.waitFor(120, TimeUnit.SECONDS);
                reported.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ringzero-run-wait");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit;
        try {
            exit = child.waitFor();
            try {
                report(runFile, kernel, oracleOut, dir, err);
            } catch (BadInputException e) {
                if (exit == 0) {
                    throw e;
                }
                err.println("ringzero run: " + e.getMessage()); // the program's failure is the bigger news
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            throw new BadInputException("interrupted while waiting for the program");
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already and has just been released
            }
        }
        if (exit != 0) {
            err.println("ringzero run: the program exited with " + exit);
        }
        return exit;
    }

    /** The measured program: the child itself, or under a tracer the tracer's descendants. */
    private static java.util.stream.Stream<ProcessHandle> programOf(java.lang.Process child, boolean traced) {
        return traced ? child.descendants() : java.util.stream.Stream.of(child.toHandle());
    }

    private void report(Path runFile, KernelOracle kernel, Path oracleOut, Path dir, PrintWriter err)
            throws BadInputException {
        if (!Files.exists(runFile)) {
            String tracer = kernel == null ? "" : kernel.said(oracleOut);
            throw new BadInputException(runFile + ": the agent wrote no run file (did the program start, and is "
                    + "the agent jar complete?)" + tracer);
        }
        LoadedRun loaded = LoadedRun.read(runFile);
        if (kernel != null) {
            loaded = withOracle(loaded, kernel, oracleOut, err);
        }
        ReportCommand.write(ReportCommand.report(List.of(loaded), ReportCommand.ring0(List.of(loaded), !noModel, err)), dir, spec);
    }

    /** Stores the kernel's counts in the run file's reserved {@code kernel_oracle} field. */
    private LoadedRun withOracle(LoadedRun loaded, KernelOracle kernel, Path oracleOut, PrintWriter err)
            throws BadInputException {
        Run.KernelOracle counts;
        try {
            counts = kernel.parse(oracleOut);
        } catch (IOException e) {
            err.println("ringzero run: no kernel counts: " + oracleOut + ": " + ReportFiles.reason(e));
            return loaded;
        }
        return RunFileWriter.withKernelOracle(loaded, StackNames.named(counts, loaded.run()));
    }

    private static final String BPFTRACE_LINE = "ringzero run: kernel counts: bpftrace on raw_syscalls:sys_enter, per thread";

    private KernelOracle chooseOracle(PrintWriter err) throws BadInputException {
        switch (oracle) {
            case none -> {
                err.println("ringzero run: kernel counts: none (--oracle none)");
                return null;
            }
            case strace -> {
                if (!StraceOracle.installed()) {
                    throw new BadInputException("--oracle strace: strace is not installed");
                }
                err.println("ringzero run: kernel counts: strace -f -c (slows every syscall of the program)");
                return new StraceOracle();
            }
            case bpftrace -> {
                String why = BpftraceOracle.unavailableReason();
                if (why != null) {
                    throw new BadInputException("--oracle bpftrace: " + why);
                }
                err.println(BPFTRACE_LINE);
                return new BpftraceOracle(!noStacks);
            }
            default -> {
                if (oracle == OracleChoice.auto && BpftraceOracle.unavailableReason() == null) {
                    err.println(BPFTRACE_LINE);
                    return new BpftraceOracle(!noStacks);
                }
                String why = PerfOracle.unavailableReason();
                if (why == null) {
                    err.println("ringzero run: kernel counts: perf stat on the syscalls:sys_enter_* tracepoints "
                            + "(perf needs some seconds after the program exits to remove its counters)");
                    return new PerfOracle();
                }
                if (oracle == OracleChoice.perf) {
                    throw new BadInputException("--oracle perf: " + why);
                }
                err.println("ringzero run: kernel counts: none (" + why + "; --oracle strace would use strace)");
                return null;
            }
        }
    }
}
