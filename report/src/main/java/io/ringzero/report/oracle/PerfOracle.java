package io.ringzero.report.oracle;

import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact per-syscall counts from {@code perf stat}: one counter per {@code syscalls:sys_enter_*} tracepoint, and
 * {@code raw_syscalls:sys_enter} for the total.
 *
 * <p>Measured on a 2-core VM (a 2 s JVM run with the agent): these per-syscall tracepoints added about 0.1 s of
 * system time, while one filtered counter per syscall number on {@code raw_syscalls:sys_enter} (every filter is
 * evaluated on every syscall) added 0.45 s, a distortion of the CPU figures the report shows. The price of the
 * per-syscall tracepoints is paid after the program exits: perf closes ~360 counters, each close waiting for the
 * kernel (about 13 s there), so {@code ringzero run} returns that much later.
 */
public final class PerfOracle implements KernelOracle {

    static final String TOTAL = "raw_syscalls:sys_enter";
    static final String PER_SYSCALL = "syscalls:sys_enter_";

    /** Tracepoints named after the kernel's function, where strace (and the agent) print the syscall's name. */
    private static final Map<String, String> STRACE_NAMES = Map.of(
            "newfstat", "fstat", "newstat", "stat", "newlstat", "lstat", "newuname", "uname",
            "sendfile64", "sendfile");

    @Override
    public String tool() {
        return "perf";
    }

    /**
     * Null when perf can count syscall tracepoints here; otherwise why not. Mounts tracefs first when it is
     * missing (that needs root; without it the probe simply fails).
     */
    public static String unavailableReason() {
        Tracefs.mount();
        int rc = Tracefs.quietly(List.of("perf", "stat", "-x", ",", "-e", TOTAL, "-e", PER_SYSCALL + "write", "-o", "/dev/null",
                "--", "true"), 60);
        if (rc == 127) {
            return "perf is not installed";
        }
        return rc == 0 ? null : "perf cannot count syscall tracepoints here (tracefs or privileges missing)";
    }

    @Override
    public List<String> wrap(List<String> command, Path output) {
        List<String> cmd = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-o", output.toString(),
                "-e", TOTAL, "-e", PER_SYSCALL + "*", "--"));
        cmd.addAll(command);
        return cmd;
    }

    @Override
    public Run.KernelOracle parse(Path output) throws IOException {
        return parse(Files.readAllLines(output, StandardCharsets.UTF_8));
    }

    /** perf's CSV: {@code count,unit,event,...}; a count may be {@code <not counted>} (never enabled: zero). */
    static Run.KernelOracle parse(List<String> lines) throws IOException {
        Long total = null;
        Map<String, Long> byName = new TreeMap<>();
        long named = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 3) {
                continue;
            }
            long count = f[0].matches("\\d+") ? Long.parseLong(f[0]) : 0L;
            if (f[2].equals(TOTAL)) {
                total = count;
            } else if (f[2].startsWith(PER_SYSCALL) && count > 0) {
                String name = f[2].substring(PER_SYSCALL.length());
                byName.merge(STRACE_NAMES.getOrDefault(name, name), count, Long::sum);
                named += count;
            }
        }
        if (total == null) {
            throw new IOException("no " + TOTAL + " counter in perf's output");
        }
        if (total > named) {
            // a few syscalls have no sys_enter tracepoint of their own; they are in the total only
            byName.put("(no tracepoint)", total - named);
        }
        return new Run.KernelOracle("perf", new LinkedHashMap<>(byName), total);
    }
}
