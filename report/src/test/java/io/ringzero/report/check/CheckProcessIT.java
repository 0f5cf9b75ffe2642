package io.ringzero.report.check;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ringzero check} as a user runs it (the shaded jar): exit codes, stderr, environment. */
class CheckProcessIT {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result ringzero(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("ringzero.cli.jar");
        assertThat(jar).as("system property ringzero.cli.jar").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(AgentJar.java(), "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("ringzero finished").isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private List<String> workload(String... args) {
        List<String> w = new ArrayList<>(List.of("--", AgentJar.java(), "-cp", AgentJar.testClasses().toString(),
                WriteDevNull.class.getName()));
        w.addAll(List.of(args));
        return w;
    }

    private static String[] args(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(String[]::new);
    }

    @Test
    void aFailingWorkloadGivesItsExitCodeAndTheTailOfItsStderr() throws Exception {
        AgentJar.locate();
        Result r = ringzero(Map.of(), args(List.of("check", "--saving-ns", "200", "--deltas", "0,400", "--repeat", "2",
                "-o", dir.resolve("fail").toString()), workload("1000", "fail")));

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("ringzero: check: the workload exited with code 3 in run 1 of 4")
                .contains("  | WriteDevNull: asked to fail").contains("  | WriteDevNull: exiting with 3")
                .doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void withoutSeccompTheCheckSaysSoInOneLine() throws Exception {
        AgentJar.locate();
        // The hook makes the launcher take the path a kernel without seccomp filters would: the
        // kernel is not asked, and no figure is produced.
        Result r = ringzero(Map.of(Seccomp.SIMULATE_UNAVAILABLE_ENV, "1"), args(List.of("check", "--saving-ns", "200",
                "-o", dir.resolve("noseccomp").toString()), workload("1000")));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("ringzero: check: seccomp filters are unavailable (simulated by")
                .contains("cannot run on this system");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void kmlOnThisKernelRefusesInOneLineAndChangesNothing() throws Exception {
        Assumptions.assumeFalse(KmlHost.detect().kml(), "a KML kernel: the refusal cannot be shown here");
        Path trusted = Path.of("/trusted");
        boolean existed = Files.exists(trusted, LinkOption.NOFOLLOW_LINKS);
        Path out = dir.resolve("kml");
        Result r = ringzero(Map.of(), args(List.of("check", "--kml", "--saving-ns", "200", "-o", out.toString()),
                workload("1000")));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("ringzero: check --kml: --kml needs a Kernel Mode Linux kernel").contains("nothing was changed");
        assertThat(r.out()).isEmpty();
        assertThat(Files.exists(trusted, LinkOption.NOFOLLOW_LINKS)).isEqualTo(existed);
        assertThat(out).doesNotExist();
    }
}
