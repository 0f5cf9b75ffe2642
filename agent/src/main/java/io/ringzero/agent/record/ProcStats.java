package io.ringzero.agent.record;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Process and machine figures from /proc and /sys. Any file that cannot be read gives null, never an error.
 * Read with java.io ({@link OwnFiles}, File.list), not Files and DirectoryStream: see OwnFiles.
 */
final class ProcStats {
    private static final double CLOCK_TICK = 100.0; // USER_HZ on Linux/x86_64

    private ProcStats() { }

    static Map<String, Object> process(double tSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t_s", round(tSeconds));
        putCpu(m, read("/proc/self/stat"));
        Map<String, String> io = keyValues(read("/proc/self/io"));
        m.put("syscr", longOrNull(io.get("syscr")));
        m.put("syscw", longOrNull(io.get("syscw")));
        long vol = 0, invol = 0, threads = 0;
        boolean any = false;
        String[] tasks = new File("/proc/self/task").list();
        if (tasks != null) {
            for (String task : tasks) {
                // the two lines by name, not a map of all ~55 (the exit write does this for every thread)
                String st = read("/proc/self/task/" + task + "/status");
                Long v = field(st, "\nvoluntary_ctxt_switches:"), n = field(st, "\nnonvoluntary_ctxt_switches:");
                if (v != null && n != null) {
                    vol += v;
                    invol += n;
                    any = true;
                }
                threads++;
            }
        }
        m.put("voluntary_ctxt_switches", any ? vol : null);
        m.put("nonvoluntary_ctxt_switches", any ? invol : null);
        m.put("threads", any ? threads : null);
        return m;
    }

    /**
     * user_s and system_s from a stat file (the process's or one task's): utime and stime, fields 14 and 15, counted
     * after the parenthesised command name, which may hold spaces; nulls for a file that could not be read.
     */
    static void putCpu(Map<String, Object> m, String stat) {
        if (stat == null) {
            m.put("user_s", null);
            m.put("system_s", null);
            return;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        m.put("user_s", round(Long.parseLong(f[11]) / CLOCK_TICK));
        m.put("system_s", round(Long.parseLong(f[12]) / CLOCK_TICK));
    }

    /**
     * This process's pid and start (epoch ms: the boot time in /proc/stat plus the start in ticks, as
     * ProcessHandle.Info computes it, whose set-up costs ~10 ms); nulls where /proc cannot tell.
     */
    /** The calling thread's kernel id (tid), from /proc/thread-self ("PID/task/TID"); null if unreadable. */
    static Long threadId() {
        try {
            return Long.valueOf(java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/thread-self")).getFileName().toString());
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    static Long[] pidAndStartMs() {
        Long[] r = new Long[2];
        try {
            String stat = read("/proc/self/stat");
            String boot = read("/proc/stat");
            if (stat != null) {
                r[0] = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                // starttime is field 22; fields after the parenthesised command name start at field 3
                long ticks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")[19]);
                int at = boot == null ? -1 : boot.indexOf("\nbtime ");
                if (at >= 0) {
                    long btime = Long.parseLong(boot.substring(at + 7, boot.indexOf('\n', at + 1)).trim());
                    r[1] = btime * 1000 + Math.round(ticks * 1000 / CLOCK_TICK);
                }
            }
        } catch (RuntimeException e) {
            // leave what could not be read null
        }
        return r;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        String release = read("/proc/sys/kernel/osrelease");
        m.put("kernel", release == null ? System.getProperty("os.version") : release.trim());
        String model = null;
        String cpuinfo = read("/proc/cpuinfo");
        if (cpuinfo != null) {
            int at = cpuinfo.startsWith("model name") ? 0 : cpuinfo.indexOf("\nmodel name");
            if (at >= 0) {
                int colon = cpuinfo.indexOf(':', at);
                int end = cpuinfo.indexOf('\n', colon);
                model = cpuinfo.substring(colon + 1, end < 0 ? cpuinfo.length() : end).trim();
            }
        }
        m.put("cpu_model", model);
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        Map<String, Object> vulns = new TreeMap<>();
        String[] files = new File("/sys/devices/system/cpu/vulnerabilities").list();
        if (files != null) { // no vulnerabilities directory: leave it empty
            for (String f : files) {
                String v = read("/sys/devices/system/cpu/vulnerabilities/" + f);
                if (v != null) vulns.put(f, v.trim());
            }
        }
        m.put("vulnerabilities", vulns);
        return m;
    }

    /** AT_SYSINFO (auxv type 32) is present only when Kernel Mode Linux runs this process in ring 0. */
    static Map<String, Object> kml() {
        Map<String, Object> m = new LinkedHashMap<>();
        String sysinfo = null;
        try {
            byte[] a = OwnFiles.bytes("/proc/self/auxv");
            for (int i = 0; a != null && i + 16 <= a.length; i += 16) {
                long type = littleEndian(a, i), value = littleEndian(a, i + 8);
                if (type == 32 && value != 0) sysinfo = "0x" + Long.toHexString(value);
                if (type == 0) break;
            }
        } catch (RuntimeException e) {
            // unreadable auxv: not in ring 0 as far as we can tell
        }
        m.put("ring0", sysinfo != null);
        m.put("at_sysinfo", sysinfo);
        return m;
    }

    private static long littleEndian(byte[] a, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (a[at + i] & 0xff);
        return v;
    }

    static String read(String path) { return OwnFiles.text(path); }

    static Map<String, String> keyValues(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null) return m;
        for (String line : text.split("\n")) {
            int c = line.indexOf(':');
            if (c > 0) m.put(line.substring(0, c).trim(), line.substring(c + 1).trim());
        }
        return m;
    }

    /** The number after {@code key} (a whole line's start, with its colon) in a status file; null if absent. */
    private static Long field(String text, String key) {
        int at = text == null ? -1 : text.indexOf(key);
        if (at < 0) return null;
        int end = text.indexOf('\n', at + key.length());
        return longOrNull(text.substring(at + key.length(), end < 0 ? text.length() : end).trim());
    }

    static Long longOrNull(String s) {
        try {
            return s == null ? null : Long.parseLong(s.split(" ")[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static double round(double d) { return Math.round(d * 1000.0) / 1000.0; }
}
