package io.ringzero.report.oracle;

import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Per-syscall counts from {@code strace -f -c}: exact, but ptrace stops make every syscall much dearer. */
public final class StraceOracle implements KernelOracle {

    @Override
    public String tool() {
        return "strace";
    }

    public static boolean installed() {
        try {
            return new ProcessBuilder("strace", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public List<String> wrap(List<String> command, Path output) {
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-c", "-o", output.toString(), "--"));
        cmd.addAll(command);
        return cmd;
    }

    @Override
    public Run.KernelOracle parse(Path output) throws IOException {
        return parse(Files.readAllLines(output, StandardCharsets.UTF_8));
    }

    /**
     * The -c table: {@code % time, seconds, usecs/call, calls, [errors], syscall}; the errors column is blank
     * when zero, so the calls are the fourth field either way.
     */
    static Run.KernelOracle parse(List<String> lines) throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        Long total = null;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[0].matches("[0-9.]+") || !f[3].matches("\\d+")) {
                continue;
            }
            String name = f[f.length - 1];
            long calls = Long.parseLong(f[3]);
            if (name.equals("total")) {
                total = calls;
            } else {
                byName.merge(name, calls, Long::sum);
            }
        }
        if (total == null) {
            throw new IOException("no strace -c summary (no \"total\" line)");
        }
        return new Run.KernelOracle("strace", byName, total);
    }
}
