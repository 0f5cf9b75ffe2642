package io.ringzero.agent.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's executable file mappings ({@code /proc/self/maps} lines with {@code x} and a path): what a kernel
 * tracer's raw user-space return addresses need to be named once the process has exited. Anonymous code (the JIT's
 * code cache) is named by the JVM's perf map instead.
 */
final class CodeMaps {
    private CodeMaps() { }

    /** {@code [{"start", "end", "offset", "path"}]} with hexadecimal addresses as the kernel prints them; null if unreadable. */
    static List<Map<String, Object>> now() {
        String maps = ProcStats.read("/proc/self/maps");
        if (maps == null) return null;
        List<Map<String, Object>> list = new ArrayList<>();
        for (String line : maps.split("\n")) {
            // 7f0a1c000000-7f0a1c1f0000 r-xp 00026000 08:01 1234   /usr/lib/x86_64-linux-gnu/libc.so.6
            String[] f = line.split(" +", 6);
            if (f.length < 6 || f[1].length() < 3 || f[1].charAt(2) != 'x' || !f[5].startsWith("/")) continue;
            int dash = f[0].indexOf('-');
            if (dash < 0) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", f[0].substring(0, dash));
            m.put("end", f[0].substring(dash + 1));
            m.put("offset", f[2]);
            m.put("path", f[5]);
            list.add(m);
        }
        return list;
    }
}
