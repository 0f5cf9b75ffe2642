package io.ringzero.report.oracle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** x86_64 syscall numbers to the names strace prints (and the agent writes). */
public final class SyscallTable {

    private static final Map<Integer, String> X86_64 = load();

    private SyscallTable() {
    }

    public static Map<Integer, String> x86_64() {
        return X86_64;
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> m = new TreeMap<>();
        try (InputStream in = SyscallTable.class.getResourceAsStream("syscalls-x86_64.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                m.put(Integer.parseInt(f[0]), f[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
