package io.ringzero.report.calibrate;

import io.ringzero.report.runfile.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One calibration per machine identity, in {@code $XDG_CACHE_HOME/ringzero/} (default
 * {@code ~/.cache/ringzero/}), so that {@code model} and {@code report} reuse what {@code calibrate}
 * measured instead of spending 3 s each time.
 */
public final class CalibrationCache {

    private final Path dir;

    public CalibrationCache(Path dir) {
        this.dir = dir;
    }

    /** The cache of the current user, following the XDG base directory rules. */
    public static CalibrationCache forCurrentUser() {
        return new CalibrationCache(defaultDir(System.getenv(), System.getProperty("user.home")));
    }

    static Path defaultDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        // The spec says a relative XDG path is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(userHome, ".cache");
        return base.resolve("ringzero");
    }

    public Path fileFor(MachineIdentity machine) {
        return dir.resolve("calibration-" + machine.cacheKey() + ".json");
    }

    /** The cached calibration of this machine, or null when none is cached or it is unreadable. */
    public Calibration find(MachineIdentity machine) {
        Path f = fileFor(machine);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Calibration c = Calibration.load(f);
            // A hash collision or a hand-copied file must not pass for this machine; a calibration cached before
            // the system-time share was measured is measured again, once.
            return machine.sameTrapCostAs(c.machine()) && c.trapSystemShare() != null ? c : null;
        } catch (BadInputException e) {
            return null;
        }
    }

    /** The cached calibration, or a fresh measurement that is then cached. */
    public Result loadOrMeasure(boolean fresh) {
        MachineIdentity here = MachineIdentity.current();
        Calibration cached = fresh ? null : find(here);
        if (cached != null) {
            return new Result(cached, fileFor(here), true);
        }
        Calibration measured = Calibration.measure();
        Path f = fileFor(measured.machine());
        try {
            measured.save(f);
        } catch (IOException e) {
            // A read-only home must not cost the user the measurement they just waited for.
            return new Result(measured, null, false);
        }
        return new Result(measured, f, false);
    }

    /**
     * A calibration, where it is cached ({@code null} when the cache could not be written), and whether
     * it came from the cache rather than a measurement.
     */
    public record Result(Calibration calibration, Path file, boolean fromCache) {
    }
}
