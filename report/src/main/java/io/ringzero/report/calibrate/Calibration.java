package io.ringzero.report.calibrate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ringzero.report.model.Band;
import io.ringzero.report.model.Spread;
import io.ringzero.report.runfile.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The cost of crossing into the kernel on one machine, measured by {@link #measure()}.
 *
 * <p>All figures are nanoseconds per call, medians over interleaved rounds; {@code spread} holds the
 * order statistics of every figure. {@code trap_ns} is a null syscall (getppid) minus a libc call that
 * makes no syscall (getpagesize) through the same JNA path; {@code call_ns} is an indirect Java call
 * (what remains of a syscall under ring 0); the vDSO and /dev/null, /dev/zero figures are net of the
 * same path and given for contrast. {@code trap_system_share} is the share of the trap's CPU time that
 * getrusage charged as system time (null in calibrations made before it was measured).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Calibration(@JsonProperty("schema") String schema,
                          @JsonProperty("measured_at") String measuredAt,
                          @JsonProperty("machine") MachineIdentity machine,
                          @JsonProperty("glibc") String glibc,
                          @JsonProperty("jvm") String jvm,
                          @JsonProperty("rounds") int rounds,
                          @JsonProperty("trap_ns") double trapNs,
                          @JsonProperty("call_ns") double callNs,
                          @JsonProperty("vdso_clock_gettime_ns") double vdsoClockGettimeNs,
                          @JsonProperty("write_devnull_ns") double writeDevNullNs,
                          @JsonProperty("read_devzero_ns") double readDevZeroNs,
                          @JsonProperty("spread") Map<String, Spread> spread,
                          @JsonProperty("trap_system_share") Double trapSystemShare) {

    public static final String SCHEMA = "ringzero.calibration/1";

    /** About 3 s in all, warm-up included. */
    static final long DEFAULT_BUDGET_NANOS = 2_400_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Calibration {
        spread = spread == null ? Map.of() : Map.copyOf(spread);
    }

    /** Measures this machine now (about 3 s of CPU on one thread). */
    public static Calibration measure() {
        return measure(DEFAULT_BUDGET_NANOS);
    }

    static Calibration measure(long budgetNanos) {
        MachineIdentity machine = MachineIdentity.current();
        Map<String, double[]> samples = new java.util.LinkedHashMap<>(new SyscallBench(budgetNanos).run());
        double share = samples.remove(SyscallBench.TRAP_SYSTEM_SHARE)[0];
        Map<String, Spread> spread = new java.util.LinkedHashMap<>();
        samples.forEach((k, v) -> spread.put(k, Spread.of(v)));
        return new Calibration(SCHEMA, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), machine,
                LibC.gnu_get_libc_version(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                samples.get(SyscallBench.TRAP).length,
                spread.get(SyscallBench.TRAP).median(), spread.get(SyscallBench.CALL).median(),
                spread.get(SyscallBench.VDSO).median(), spread.get(SyscallBench.WRITE).median(),
                spread.get(SyscallBench.READ).median(), spread, Double.isNaN(share) ? null : share);
    }

    /** Share of a crossing the kernel charges as system time; 1 (all of it) for calibrations that did not measure it. */
    public double trapSystemShareOrAll() {
        return trapSystemShare == null ? 1.0 : trapSystemShare;
    }

    /**
     * This machine's calibration: the cached one, or a measurement (about 3 s) that is then cached.
     * {@code fresh} measures even when one is cached.
     */
    public static Calibration forThisMachine(boolean fresh) {
        return CalibrationCache.forCurrentUser().loadOrMeasure(fresh).calibration();
    }

    /** The trap cost with its interquartile range; the median alone when the spread is missing. */
    public Band trapBand() {
        Spread s = spread.get(SyscallBench.TRAP);
        return s == null ? Band.exactly(trapNs) : s.interquartile();
    }

    public Band callBand() {
        Spread s = spread.get(SyscallBench.CALL);
        return s == null ? Band.exactly(callNs) : s.interquartile();
    }

    /**
     * Reads a calibration file written by {@link #save(Path)} or {@code ringzero calibrate --json}.
     *
     * @throws BadInputException naming the file when it is missing or not a calibration
     */
    public static Calibration load(Path file) throws BadInputException {
        Calibration c;
        try {
            c = JSON.readValue(Files.readString(file), Calibration.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": is not a RingZero calibration (unreadable JSON)");
        }
        if (c == null || !SCHEMA.equals(c.schema())) {
            throw new BadInputException(file + ": is not a RingZero calibration (no \"schema\": \"" + SCHEMA + "\")");
        }
        if (!(c.trapNs() > 0) || !(c.callNs() >= 0)) {
            throw new BadInputException(file + ": calibration lacks a positive trap_ns and call_ns");
        }
        return c;
    }

    /** Writes atomically (temporary file, then rename) so a concurrent reader never sees half a file. */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, toJson());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + System.lineSeparator();
        } catch (IOException e) {
            throw new IllegalStateException("a calibration always serialises", e);
        }
    }
}
