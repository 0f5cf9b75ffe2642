package io.ringzero.report.cli;

import io.ringzero.report.launch.AgentLaunch;
import io.ringzero.report.launch.ChildLifetime;
import io.ringzero.report.oracle.BpftraceOracle;
import io.ringzero.report.render.ReportFiles;
import io.ringzero.report.symbols.StackNames;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.RunFileWriter;
import io.ringzero.workloads.wisconsin.Demo;
import io.ringzero.workloads.wisconsin.DemoResult;
import io.ringzero.workloads.wisconsin.Scale;
import io.ringzero.workloads.wisconsin.WisconsinClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ringzero demo}: the KML article's experiment on the JVM. The Wisconsin benchmark's client talks JDBC over
 * loopback to an H2 server in another JVM; both run under the agent; the report merges both runs and shows
 * the ring-0 model's Table 2 rows, as the 2005 article did for MySQL and sql-bench.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the Wisconsin benchmark (H2 server + JDBC client, two JVMs, both under the agent) and writes the report.",
                "The default size takes about a minute on a 2-core machine."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--loops", paramLabel = "N", description = "loops of the query set (default: ${DEFAULT-VALUE})")
    int loops = WisconsinClient.DEFAULT_LOOPS;

    @Option(names = "--scale", paramLabel = "tenk|small", description = "benchmark size (default: tenk, the benchmark's own)")
    String scale = "tenk";

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "ringzero-demo",
            description = "output directory: run files, the H2 database and the report in DIR/report (default: ${DEFAULT-VALUE})")
    Path output;

    /** A snapshot a second: the report's timeline of a one-minute run. */
    private static final String[] DEMO_OPTIONS = {"interval=1", "quiet"};

    @Option(names = "--agent", paramLabel = "JAR", description = "the agent jar (default: the one built beside this CLI)")
    Path agentJar;

    @Option(names = "--java", paramLabel = "PATH", description = "the java launcher of both JVMs (default: the one "
            + "running this CLI), e.g. to compare JDKs with ringzero diff")
    Path javaLauncher;

    @Option(names = "--no-model", description = "leave out the Ring 0 section (no calibration of this machine)")
    boolean noModel;

    enum OracleChoice { auto, bpftrace, none }

    @Option(names = "--oracle", paramLabel = "TOOL", defaultValue = "auto",
            description = "the kernel's per-thread counts of both JVMs: auto (bpftrace where it works here, else none), "
                    + "bpftrace, none (default: ${DEFAULT-VALUE})")
    OracleChoice oracle;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (loops < 0) throw new BadInputException("--loops must be 0 or more, not " + loops);
            Scale size = switch (scale) {
                case "tenk" -> Scale.TENK;
                case "small" -> Scale.SMALL;
                default -> throw new BadInputException("--scale must be tenk or small, not '" + scale + "'");
            };
            Path java = javaLauncher != null ? javaLauncher : Path.of(System.getProperty("java.home"), "bin", "java");
            if (ChildLifetime.executable(java.toString()) == null) {
                throw new BadInputException(java + ": no such program (--java takes the path of a java launcher)");
            }
            AgentLaunch agent = AgentLaunch.find(agentJar);
            Path dir = output.toAbsolutePath();
            Path serverRun = dir.resolve("server.json"), clientRun = dir.resolve("client.json");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new BadInputException(dir + ": cannot use the output directory (" + ReportFiles.reason(e) + ")");
            }
            err.printf(Locale.ROOT, "ringzero demo: Wisconsin benchmark, %s scale, %d loops; server and client JVMs under the agent%n",
                    scale, loops);
            err.flush();
            BpftraceOracle kernel = chooseOracle(err);
            Map<String, Path> kernelOut = Map.of("server", dir.resolve("server-kernel-oracle.txt"), "client", dir.resolve("client-kernel-oracle.txt"));
            DemoResult result;
            try {
                result = Demo.run(java, jvmOptions(agent.option(serverRun, DEMO_OPTIONS), kernel),
                        jvmOptions(agent.option(clientRun, DEMO_OPTIONS), kernel), loops, size,
                        dir.resolve("work"), progressOnly(System.err),
                        (role, cmd) -> kernel == null ? cmd : ChildLifetime.tracer(kernel.wrap(cmd, kernelOut.get(role))));
            } catch (IOException e) {
                err.println("ringzero demo: " + e.getMessage());
                return 1;
            }
            if (!result.succeeded()) {
                err.printf(Locale.ROOT, "ringzero demo: the benchmark failed (server exit %d, client exit %d, server %s)%n",
                        result.serverExitCode(), result.clientExitCode(), result.serverStop());
                return 1;
            }
            err.printf(Locale.ROOT, "ringzero demo: %s (client %.1f s, whole demo %.1f s)%n", result.clientSummary(),
                    result.clientSeconds(), result.totalSeconds());
            List<LoadedRun> runs = List.of(withKernel(LoadedRun.read(serverRun).withLabel("H2 server"), kernel, kernelOut.get("server"), err),
                    withKernel(LoadedRun.read(clientRun).withLabel("Wisconsin client"), kernel, kernelOut.get("client"), err));
            ReportCommand.write(ReportCommand.report(runs, ReportCommand.ring0(runs, !noModel, err)), dir.resolve("report"), spec);
            return 0;
        } catch (BadInputException e) {
            err.println("ringzero demo: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ringzero demo: interrupted");
            return 130;
        }
    }

    private BpftraceOracle chooseOracle(PrintWriter err) throws BadInputException {
        if (oracle == OracleChoice.none) {
            err.println("ringzero demo: kernel counts: none (--oracle none)");
            return null;
        }
        String why = BpftraceOracle.unavailableReason();
        if (why != null) {
            if (oracle == OracleChoice.bpftrace) {
                throw new BadInputException("--oracle bpftrace: " + why);
            }
            err.println("ringzero demo: kernel counts: none (" + why + "); the report explains the Java-level I/O only");
            return null;
        }
        err.println("ringzero demo: kernel counts: bpftrace on raw_syscalls:sys_enter, per thread, for both JVMs");
        return new BpftraceOracle();
    }

    private static List<String> jvmOptions(String agentOption, BpftraceOracle kernel) {
        List<String> options = new java.util.ArrayList<>(List.of(agentOption));
        if (kernel != null) {
            options.addAll(kernel.jvmOptions());
        }
        return options;
    }

    private static LoadedRun withKernel(LoadedRun run, BpftraceOracle kernel, Path out, PrintWriter err) throws BadInputException {
        if (kernel == null) {
            return run;
        }
        try {
            return RunFileWriter.withKernelOracle(run, StackNames.named(kernel.parse(out), run.run()));
        } catch (IOException e) {
            err.println("ringzero demo: no kernel counts for " + run.label() + ": " + out + ": " + ReportFiles.reason(e));
            return run;
        }
    }

    /** The children's lines that say how far the run is (the client's progress and summary, errors). */
    private static PrintStream progressOnly(PrintStream to) {
        return new PrintStream(new java.io.OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                String l = line.toString();
                line.setLength(0);
                if (l.contains("wisconsin: loop") || l.contains("rror") || l.contains("xception")) to.println("  " + l);
            }
        }, true);
    }
}
