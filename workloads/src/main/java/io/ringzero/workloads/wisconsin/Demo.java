package io.ringzero.workloads.wisconsin;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The RingZero demo: the Wisconsin benchmark with server and client in two child JVMs talking JDBC
 * over loopback, as MySQL and sql-bench did in the 2005 KML experiment.
 *
 * <p>Sequence: start {@link WisconsinServer} and wait for its READY line; run {@link WisconsinClient}
 * to completion; close the server's stdin so it stops by itself (then SIGTERM, then kill, each after
 * {@link #STOP_GRACE_SECONDS}); return exit codes and timings. Every line either JVM prints is copied
 * to {@code progress}, prefixed with {@code server: } or {@code client: }.
 *
 * <p>The child JVMs get this class's own classpath (the workloads jar, or the classes directory and
 * the H2 jar), so the caller only chooses the java binary and the JVM options, e.g. a
 * {@code -javaagent:...} per process.
 */
public final class Demo {

    /** Database name in the URL; its files are {@code <workDir>/h2/wisconsin.*}. */
    public static final String DATABASE = "wisconsin";
    static final long READY_TIMEOUT_SECONDS = 120;
    static final long STOP_GRACE_SECONDS = 30;

    private Demo() {
    }

    /**
     * Runs the demo at the benchmark's size (TENK1 of 10,000 tuples).
     *
     * @param javaBin       the java executable for both child JVMs
     * @param serverJvmArgs JVM options for the server JVM (before the class name), may be empty
     * @param clientJvmArgs JVM options for the client JVM, may be empty
     * @param loops         times the client runs the SELECTs; {@link WisconsinClient#DEFAULT_LOOPS} takes about a minute
     * @param workDir       created if missing; holds the H2 database under {@code h2/}; reused data are not reloaded
     * @param progress      receives the children's output lines
     * @throws IOException if a JVM cannot be started or the server never prints READY
     */
    public static DemoResult run(Path javaBin, List<String> serverJvmArgs, List<String> clientJvmArgs, int loops,
            Path workDir, PrintStream progress) throws IOException, InterruptedException {
        return run(javaBin, serverJvmArgs, clientJvmArgs, loops, Scale.TENK, workDir, progress);
    }

    /** As {@link #run(Path, List, List, int, Path, PrintStream)}, at another {@link Scale}. */
    public static DemoResult run(Path javaBin, List<String> serverJvmArgs, List<String> clientJvmArgs, int loops,
            Scale scale, Path workDir, PrintStream progress) throws IOException, InterruptedException {
        return run(javaBin, serverJvmArgs, clientJvmArgs, loops, scale, workDir, progress, (role, command) -> command);
    }

    /**
     * A JVM's command, wrapped (e.g. by a tracer that starts it and counts its syscalls). The wrapper must pass its
     * stdin and stdout on to the JVM: the server stops when its stdin closes, and prints READY on stdout.
     */
    public interface Wrapper {
        /** @param role {@code server} or {@code client} */
        List<String> wrap(String role, List<String> command);
    }

    /** As {@link #run(Path, List, List, int, Scale, Path, PrintStream)}, each JVM started through the wrapper. */
    public static DemoResult run(Path javaBin, List<String> serverJvmArgs, List<String> clientJvmArgs, int loops,
            Scale scale, Path workDir, PrintStream progress, Wrapper wrapper) throws IOException, InterruptedException {
        long demoStart = System.nanoTime();
        Path dbDir = workDir.resolve("h2");
        Files.createDirectories(dbDir);
        String classpath = ownClasspath();

        List<String> serverCommand = command(javaBin, serverJvmArgs, classpath, WisconsinServer.class,
                List.of("--port", "0", "--base-dir", dbDir.toAbsolutePath().toString()));
        Process server = new ProcessBuilder(wrapper.wrap("server", serverCommand)).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread serverOutput = copyLines(server, "server: ", progress, line -> {
            if (line.startsWith(WisconsinServer.READY_PREFIX)) {
                port.complete(Integer.parseInt(line.substring(WisconsinServer.READY_PREFIX.length()).trim()));
            }
        }, () -> port.completeExceptionally(new IOException("server JVM ended its output before READY")));
        try {
            int serverPort = awaitReady(port, server);
            double serverStartSeconds = (System.nanoTime() - demoStart) / 1e9;

            long clientStart = System.nanoTime();
            List<String> clientCommand = command(javaBin, clientJvmArgs, classpath, WisconsinClient.class,
                    List.of("--url", "jdbc:h2:tcp://127.0.0.1:" + serverPort + "/" + DATABASE,
                            "--loops", Integer.toString(loops), "--scale", scale.cliName(), "--progress"));
            Process client = new ProcessBuilder(wrapper.wrap("client", clientCommand)).redirectErrorStream(true).start();
            client.getOutputStream().close();
            AtomicReference<String> summary = new AtomicReference<>("");
            Thread clientOutput = copyLines(client, "client: ", progress, line -> {
                if (line.startsWith(WisconsinClient.SUMMARY_PREFIX + "scale=")) {
                    summary.set(line);
                }
            }, () -> { });
            int clientExit = client.waitFor();
            clientOutput.join();
            double clientSeconds = (System.nanoTime() - clientStart) / 1e9;

            long stopStart = System.nanoTime();
            DemoResult.ServerStop how = stop(server);
            serverOutput.join();
            double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
            return new DemoResult(server.exitValue(), clientExit, how, summary.get(), serverStartSeconds,
                    clientSeconds, stopSeconds, (System.nanoTime() - demoStart) / 1e9);
        } finally {
            if (server.isAlive()) {
                // Only on an exception above: do not leave a server JVM behind.
                server.destroyForcibly();
            }
        }
    }

    private static int awaitReady(CompletableFuture<Integer> port, Process server) throws IOException,
            InterruptedException {
        try {
            return port.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String exit = server.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + server.exitValue() + ")" : "";
            throw new IOException(e.getCause().getMessage() + exit, e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("server JVM printed no READY line within " + READY_TIMEOUT_SECONDS + " s");
        }
    }

    private static DemoResult.ServerStop stop(Process server) throws InterruptedException {
        try {
            server.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // the server is gone already; waitFor below returns at once
        }
        if (server.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            return DemoResult.ServerStop.STDIN_CLOSED;
        }
        server.destroy();
        if (server.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            return DemoResult.ServerStop.TERMINATED;
        }
        server.destroyForcibly().waitFor();
        return DemoResult.ServerStop.KILLED;
    }

    private static List<String> command(Path javaBin, List<String> jvmArgs, String classpath, Class<?> main,
            List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    private static Thread copyLines(Process p, String prefix, PrintStream progress,
            java.util.function.Consumer<String> watcher, Runnable atEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    progress.println(prefix + line);
                    watcher.accept(line);
                }
            } catch (IOException e) {
                progress.println(prefix + "(output lost: " + e.getMessage() + ")");
            } finally {
                atEnd.run();
            }
        }, "demo-" + prefix.trim().replace(":", "") + "-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The jar or directories holding this module's classes and H2's, for the child JVMs. */
    static String ownClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(Demo.class, org.h2.tools.Server.class)) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from");
            }
            try {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("odd class location " + source.getLocation(), e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
