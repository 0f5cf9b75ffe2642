package io.ringzero.report.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class ModelCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ModelCommandTest.class.getResource(name).toURI());
    }

    private void assertOneLineError(int code, String... parts) {
        assertThat(code).isEqualTo(2);
        assertThat(err().lines()).hasSize(1);
        assertThat(err()).startsWith("ringzero: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String p : parts) {
            assertThat(err()).contains(p);
        }
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|is empty",
            "{\"schema\": \"ringzero.run/1\", \"cpu\": {\"now\": {\"user_s\": 1.0, |truncated",
            "{\"hello\": \"world\"}|not a RingZero run file",
            "{\"schema\": \"ringzero.run/3\", \"cpu\": {}}|newer RingZero",
            "{\"schema\": \"ringzero.run/1\", \"syscalls\": []}|cpu.now.user_s"})
    void badRunFileGivesExitCode2AndOneLine(String content, String problem) throws IOException {
        Path f = dir.resolve("bad-run.json");
        Files.writeString(f, content == null ? "" : content);

        assertOneLineError(Main.execute("model", f.toString(), "--saving-ns", "100"), f.toString(), problem);
    }

    @Test
    void missingRunFile() {
        Path f = dir.resolve("nope.json");
        assertOneLineError(Main.execute("model", f.toString()), f.toString(), "no such file");
    }

    @Test
    void noRunFileAndNoWhatIf() {
        assertOneLineError(Main.execute("model"), "run file");
    }

    @Test
    void whatIfWithoutCalls() {
        assertOneLineError(Main.execute("model", "--what-if", "--user", "1", "--system", "1"), "--calls");
    }

    @Test
    void unknownOptionIsAlsoExitCode2() {
        assertThat(Main.execute("model", "--no-such-option")).isEqualTo(2);
    }

    @Test
    void badCalibrationFile() throws Exception {
        Path cal = dir.resolve("cal.json");
        Files.writeString(cal, "not json");
        assertOneLineError(Main.execute("model", resource("/runs/with-oracle.json").toString(), "--calibration",
                cal.toString()), cal.toString(), "not a RingZero calibration");
    }

    @Test
    void seedWhatIfThroughTheCommandLine() throws IOException {
        int code = Main.execute("model", "--what-if", "--user", "611.78", "--system", "142.08", "--calls", "3.0e8",
                "--saving-ns", "64", "--alpha", "0.30", "--json");

        assertThat(code).isZero();
        JsonNode p = new ObjectMapper().readTree(out());
        JsonNode kml = p.path("scenarios").get(0);
        assertThat(kml.path("scenario").asText()).isEqualTo("CALL_PATH");
        assertThat(kml.path("predicted").path("user_s").asDouble()).isCloseTo(605.95, withPercentage(1));
        assertThat(kml.path("predicted").path("system_s").asDouble()).isCloseTo(122.66, withPercentage(1));
        assertThat(kml.path("predicted").path("cpu_s").asDouble()).isCloseTo(728.61, withPercentage(1));
        assertThat(p.path("flags")).isEmpty();
    }

    @Test
    void seedWithBufferedReadsIsFlaggedInWords() {
        int code = Main.execute("model", "--what-if", "--user", "611.78", "--system", "142.08", "--calls", "1e7",
                "--ring0-system", "122.66");

        assertThat(code).isZero();
        assertThat(out()).startsWith("WARNING: this prediction is flagged").contains("1942 ns per call is outside");
    }

    @Test
    void runFileWithKernelCountsAndAGivenCalibration() throws Exception {
        int code = Main.execute("model", resource("/runs/with-oracle.json").toString(), "--calibration",
                resource("/calibrations/test-machine.json").toString());

        assertThat(code).isZero();
        assertThat(out()).contains("kernel totals for the whole process").contains("27,346 syscalls")
                .contains("predicted: ring 0, call path").contains("predicted: KML with an unmodified glibc JVM")
                .contains("Which code gains most from ring 0").contains("com.example.Logger.flush(Logger.java:10)")
                .doesNotContain("FLAGS");
        assertThat(err()).isEmpty();
    }

    @Test
    void runFileJsonHasBothScenariosAndTheArithmetic() throws Exception {
        int code = Main.execute("model", resource("/runs/java-only.json").toString(), "--calibration",
                resource("/calibrations/test-machine.json").toString(), "--json");

        assertThat(code).isZero();
        JsonNode p = new ObjectMapper().readTree(out());
        assertThat(p.path("counts_from").asText()).startsWith("Java-level counts");
        assertThat(p.path("total_calls").asLong()).isEqualTo(24000);
        // s = 120 - 2 = 118 ns; dS = 24000 x 118 ns.
        JsonNode full = p.path("scenarios").get(0);
        assertThat(full.path("system_saved_s").path("central").asDouble()).isCloseTo(24000 * 118e-9, within(1e-12));
        assertThat(full.path("predicted").path("system_s").asDouble()).isCloseTo(0.5 - 24000 * 118e-9, within(1e-12));
        assertThat(p.path("scenarios").get(1).path("label").asText()).isEqualTo("KML with an unmodified glibc JVM");
        assertThat(p.path("sites").get(0).path("site").path("calls").asLong()).isEqualTo(15000);
        // java-only.json is an interval write.
        assertThat(p.path("flags").get(0).path("code").asText()).isEqualTo("run_not_final");
    }
}
