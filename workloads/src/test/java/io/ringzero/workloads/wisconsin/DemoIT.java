package io.ringzero.workloads.wisconsin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server and client in two child JVMs, end to end. */
class DemoIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path workDir;

    @Test
    void runsServerAndClientAndTheServerExitsAfterTheClient() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        DemoResult result = Demo.run(JAVA,
                List.of("-XshowSettings:properties", "-Dringzero.demo.role=server-jvm"),
                List.of("-XshowSettings:properties", "-Dringzero.demo.role=client-jvm"),
                1, Scale.SMALL, workDir, new PrintStream(progress, true, StandardCharsets.UTF_8));

        String output = progress.toString(StandardCharsets.UTF_8);
        assertThat(result.clientExitCode()).as(output).isZero();
        assertThat(result.serverExitCode()).as(output).isZero();
        assertThat(result.serverStop()).isEqualTo(DemoResult.ServerStop.STDIN_CLOSED);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.clientSummary())
                .startsWith("wisconsin: scale=small loops=1 queries=37 rows=1522 ").contains("loaded=now");
        assertThat(result.serverStartSeconds()).isPositive();
        assertThat(result.clientSeconds()).isPositive();
        assertThat(result.totalSeconds())
                .isGreaterThanOrEqualTo(result.serverStartSeconds() + result.clientSeconds());
        // Each JVM got its own options: the property shows up only in that process's settings dump.
        assertThat(output.lines().filter(l -> l.contains("server-jvm")))
                .isNotEmpty().allMatch(l -> l.startsWith("server: "));
        assertThat(output.lines().filter(l -> l.contains("client-jvm")))
                .isNotEmpty().allMatch(l -> l.startsWith("client: "));
        assertThat(output).contains("server: " + WisconsinServer.READY_PREFIX).contains("client: wisconsin: loop 1 of 1");
        assertThat(ProcessHandle.current().children()).as("child JVMs still running").isEmpty();
        assertThat(workDir.resolve("h2").resolve(Demo.DATABASE + ".mv.db")).isRegularFile();
    }

    @Test
    void aSecondRunReusesTheLoadedDatabase() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        DemoResult first = Demo.run(JAVA, List.of(), List.of(), 1, Scale.SMALL, workDir, quiet);

        DemoResult second = Demo.run(JAVA, List.of(), List.of(), 2, Scale.SMALL, workDir, quiet);

        assertThat(first.succeeded()).isTrue();
        assertThat(second.succeeded()).isTrue();
        assertThat(second.clientSummary()).contains("loops=2 ").contains("rows=3044 ").contains("loaded=before");
    }

    @Test
    void aFailingClientIsReportedAndTheServerStillStops() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        // An option the client JVM rejects makes it exit non-zero before running anything.
        DemoResult result = Demo.run(JAVA, List.of(), List.of("-XX:+NoSuchRingZeroOption"), 1, Scale.SMALL,
                workDir, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(result.clientExitCode()).isNotZero();
        assertThat(result.clientSummary()).isEmpty();
        assertThat(result.serverExitCode()).isZero();
        assertThat(result.serverStop()).isEqualTo(DemoResult.ServerStop.STDIN_CLOSED);
        assertThat(result.succeeded()).isFalse();
        assertThat(ProcessHandle.current().children()).isEmpty();
    }

    @Test
    void serverStopsCleanlyOnSigterm() throws Exception {
        Process server = new ProcessBuilder(JAVA.toString(), "-cp", Demo.ownClasspath(),
                WisconsinServer.class.getName(), "--base-dir", workDir.toString(), "--ignore-stdin")
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).startsWith(WisconsinServer.READY_PREFIX);
            server.getOutputStream().close();
            assertThat(server.waitFor(2, TimeUnit.SECONDS)).as("--ignore-stdin keeps it running").isFalse();

            server.destroy();

            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void theShadedJarStartsBothMains() throws Exception {
        Path jar = Path.of(System.getProperty("ringzero.workloads.jar", "target/ringzero-workloads.jar"));
        assertThat(jar).isRegularFile();
        Process server = new ProcessBuilder(JAVA.toString(), "-cp", jar.toString(),
                WisconsinServer.class.getName(), "--base-dir", workDir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = r.readLine();
            assertThat(ready).startsWith(WisconsinServer.READY_PREFIX);
            String port = ready.substring(WisconsinServer.READY_PREFIX.length());

            Process client = new ProcessBuilder(JAVA.toString(), "-cp", jar.toString(),
                    WisconsinClient.class.getName(), "--url", "jdbc:h2:tcp://127.0.0.1:" + port + "/jar",
                    "--loops", "1", "--scale", "small")
                    .redirectErrorStream(true).start();
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(client.waitFor()).as(out).isZero();
            assertThat(out).startsWith("wisconsin: scale=small loops=1 ");
            server.getOutputStream().close();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(workDir.resolve("jar.mv.db")).isRegularFile();
        } finally {
            server.destroyForcibly();
        }
    }
}
