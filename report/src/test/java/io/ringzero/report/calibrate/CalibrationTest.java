package io.ringzero.report.calibrate;

import io.ringzero.report.runfile.BadInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationTest {

    /** One real measurement for the class: it takes about 3 s. */
    private static Calibration measured;

    @BeforeAll
    static void measureThisMachine() {
        measured = Calibration.measure();
    }

    @Test
    void trapCostOnThisMachineIsInASaneRangeAndFarAboveAFunctionCall() {
        assertThat(measured.trapNs()).isBetween(10.0, 5000.0);
        assertThat(measured.callNs()).isGreaterThan(0.0).isLessThan(measured.trapNs() / 4);
        assertThat(measured.rounds()).isGreaterThanOrEqualTo(7);
        assertThat(measured.spread()).containsKeys("trap_ns", "call_ns", "vdso_clock_gettime_ns",
                "write_devnull_ns", "read_devzero_ns");
        assertThat(measured.spread().get("trap_ns").median()).isEqualTo(measured.trapNs());
    }

    @Test
    void measuresWhichShareOfATrapIsChargedAsSystemTime() {
        // getrusage's ticks over ~0.5 s of trap loops: a share, and some of a syscall is always the kernel's
        assertThat(measured.trapSystemShare()).isNotNull().isBetween(0.05, 1.0);
        assertThat(measured.spread()).doesNotContainKey("trap_system_share");
    }

    @Test
    void recordsTheMachineTheTrapCostDependsOn() {
        assertThat(measured.machine().kernel()).isNotBlank().isNotEqualTo("unknown");
        assertThat(measured.machine().vulnerabilities()).isNotEmpty();
        assertThat(measured.glibc()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void savesAndLoadsThroughTheCache(@TempDir Path dir) throws IOException {
        CalibrationCache cache = new CalibrationCache(dir);
        Path file = cache.fileFor(measured.machine());
        measured.save(file);

        assertThat(file.getFileName().toString()).matches("calibration-[0-9a-f]{16}\\.json");
        assertThat(Files.readString(file)).contains("\"trap_ns\"").contains("\"call_ns\"");
        assertThat(cache.find(measured.machine())).isEqualTo(measured);
    }

    @Test
    void aCachedCalibrationWithoutTheSystemShareIsMeasuredAgain(@TempDir Path dir) throws IOException {
        CalibrationCache cache = new CalibrationCache(dir);
        Path file = cache.fileFor(measured.machine());
        measured.save(file);
        Files.writeString(file, Files.readString(file).replaceAll("\"trap_system_share\"\\s*:\\s*[0-9.Ee-]+", "\"x\" : 0"));
        assertThat(Files.readString(file)).doesNotContain("trap_system_share");
        assertThat(cache.find(measured.machine())).isNull();
    }

    @Test
    void cacheIgnoresACalibrationOfAnotherMachine(@TempDir Path dir) throws IOException {
        CalibrationCache cache = new CalibrationCache(dir);
        MachineIdentity here = measured.machine();
        MachineIdentity patched = new MachineIdentity(here.kernel(), here.cpuModel(), here.cpus(),
                Map.of("meltdown", "Mitigation: PTI"));
        // A file under this machine's name whose content describes another machine must not be used.
        measured.save(cache.fileFor(here));
        Files.writeString(cache.fileFor(patched), Files.readString(cache.fileFor(here)));

        assertThat(patched.cacheKey()).isNotEqualTo(here.cacheKey());
        assertThat(cache.find(patched)).isNull();
    }

    @Test
    void cacheDirectoryFollowsXdg() {
        assertThat(CalibrationCache.defaultDir(Map.of("XDG_CACHE_HOME", "/x/cache"), "/home/u"))
                .isEqualTo(Path.of("/x/cache/ringzero"));
        assertThat(CalibrationCache.defaultDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/ringzero"));
        assertThat(CalibrationCache.defaultDir(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.cache/ringzero"));
    }

    @Test
    void loadRefusesAFileThatIsNotACalibration(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cal.json");
        Files.writeString(f, "{\"schema\": \"ringzero.run/1\"}");
        assertThatThrownBy(() -> Calibration.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not a RingZero calibration");
        assertThatThrownBy(() -> Calibration.load(dir.resolve("none.json"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no such file");
    }
}
