package io.ringzero.report.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the shaded jar as a user would: real exit codes, real stderr, real cache directory. */
class CliProcessIT {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result ringzero(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("ringzero.cli.jar");
        assertThat(jar).as("system property ringzero.cli.jar").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ringzero finished").isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void calibrateCachesUnderXdgCacheHomeAndPrintsJson() throws Exception {
        Result first = ringzero("calibrate", "--json");
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode cal = new ObjectMapper().readTree(first.out());
        assertThat(cal.path("trap_ns").asDouble()).isBetween(10.0, 5000.0);
        assertThat(cal.path("call_ns").asDouble()).isGreaterThan(0).isLessThan(cal.path("trap_ns").asDouble());

        try (Stream<Path> files = Files.list(dir.resolve("cache").resolve("ringzero"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .singleElement().asString().matches("calibration-[0-9a-f]{16}\\.json");
        }
        // The second call reuses the cache: the very same measurement comes back.
        Result second = ringzero("calibrate", "--json");
        assertThat(new ObjectMapper().readTree(second.out())).isEqualTo(cal);
    }

    @Test
    void truncatedRunFileGivesOneLineAndExitCode2() throws Exception {
        Path run = dir.resolve("cut.json");
        Files.writeString(run, "{\"schema\": \"ringzero.run/1\", \"syscalls\": [");
        Result r = ringzero("model", run.toString(), "--saving-ns", "100");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().startsWith("ringzero: " + run).contains("truncated");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void newerSchemaGivesOneLineAndExitCode2() throws Exception {
        Path run = dir.resolve("new.json");
        Files.writeString(run, "{\"schema\": \"ringzero.run/3\"}");
        Result r = ringzero("model", run.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().contains("newer RingZero");
    }
}
