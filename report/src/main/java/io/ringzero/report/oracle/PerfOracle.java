package io.ringzero.report.oracle;

import io.ringzero.report.run.Run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Exact per-syscall counts from {@code perf stat} on the {@code raw_syscalls:sys_enter} tracepoint, one counter
 * per syscall number selected by a filter, plus one unfiltered counter for the total.
 *
 * <p>Why not {@code -e 'syscalls:sys_enter_*'}: enabling each of those ~360 tracepoints costs the kernel an RCU
 * grace period, which added 13 s to every run on a 2-core VM; filters on one tracepoint start in well under a
 * second and count the same events.
 */
public final class PerfOracle implements KernelOracle {

    static final String EVENT = "raw_syscalls:sys_enter";
    private static final Path TRACEFS = Path.of("/sys/kernel/tracing");

    private final List<Integer> ids = new ArrayList<>(SyscallTable.x86_64().keySet());

    @Override
    public String tool() {
        return "perf";
    }

    /**
     * Null when perf can count the tracepoint here; otherwise why not. Mounts tracefs first when it is missing
     * (that needs root; without it the probe simply fails).
     */
    public static String unavailableReason() {
        if (!"amd64".equals(System.getProperty("os.arch")) && !"x86_64".equals(System.getProperty("os.arch"))) {
            return "the syscall table is x86_64-only (this is " + System.getProperty("os.arch") + ")";
        }
        if (!Files.isDirectory(TRACEFS.resolve("events"))) {
            quietly(List.of("mount", "-t", "tracefs", "nodev", TRACEFS.toString()));
        }
        int rc = quietly(List.of("perf", "stat", "-x", ",", "-e", EVENT, "-o", "/dev/null", "--", "true"));
        if (rc == 127) {
            return "perf is not installed";
        }
        return rc == 0 ? null : "perf cannot count " + EVENT + " here (tracefs or privileges missing)";
    }

    private static int quietly(List<String> cmd) {
        try {
            java.lang.Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public List<String> wrap(List<String> command, Path output) {
        List<String> cmd = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-o", output.toString(), "-e", EVENT));
        for (int id : ids) {
            cmd.add("-e");
            cmd.add(EVENT);
            cmd.add("--filter");
            cmd.add("id == " + id);
        }
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }

    @Override
    public Run.KernelOracle parse(Path output) throws IOException {
        return parse(Files.readAllLines(output, StandardCharsets.UTF_8), ids);
    }

    /** perf writes one CSV line per event, in the order given: the total first, then one per id of {@code ids}. */
    static Run.KernelOracle parse(List<String> lines, List<Integer> ids) throws IOException {
        List<Long> counts = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 3 || !f[2].startsWith(EVENT)) {
                continue;
            }
            counts.add(f[0].matches("\\d+") ? Long.parseLong(f[0]) : 0L);
        }
        if (counts.size() != ids.size() + 1) {
            throw new IOException("perf stat wrote " + counts.size() + " counters, expected " + (ids.size() + 1));
        }
        long total = counts.get(0);
        Map<String, Long> byName = new TreeMap<>();
        long named = 0;
        for (int i = 0; i < ids.size(); i++) {
            long c = counts.get(i + 1);
            if (c > 0) {
                byName.merge(SyscallTable.x86_64().getOrDefault(ids.get(i), "syscall_" + ids.get(i)), c, Long::sum);
                named += c;
            }
        }
        if (total > named) {
            // Numbers beyond the table (a kernel newer than it) are counted but cannot be named.
            byName.put("(unknown number)", total - named);
        }
        return new Run.KernelOracle("perf", new LinkedHashMap<>(byName), total);
    }
}
