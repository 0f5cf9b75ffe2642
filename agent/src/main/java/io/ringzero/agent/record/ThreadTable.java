package io.ringzero.agent.record;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every thread of the process as the kernel keeps it ({@code /proc/self/task}): its name, the CPU time and the read-
 * and write-family syscalls charged to it, and whether a live Java thread bears that name. Free of privileges, so
 * the report can say which threads work even without a kernel tracer. Cumulative since each thread started; a
 * thread that ended is only in the process's figures.
 */
final class ThreadTable {
    /** Most CPU first; a process with more threads keeps its busiest. */
    static final int MAX_THREADS = 500;
    /** The kernel keeps 15 bytes of a thread's name. */
    private static final int COMM_BYTES = 15;

    private ThreadTable() { }

    static List<Map<String, Object>> now() {
        String[] tasks = new File("/proc/self/task").list();
        if (tasks == null) return null;
        Map<String, Boolean> java = javaThreads();
        List<Map<String, Object>> list = new ArrayList<>();
        for (String task : tasks) {
            String stat = ProcStats.read("/proc/self/task/" + task + "/stat");
            if (stat == null) continue; // it ended meanwhile
            int open = stat.indexOf('('), close = stat.lastIndexOf(')');
            if (open < 0 || close < open) continue;
            String name = stat.substring(open + 1, close);
            Map<String, String> io = ProcStats.keyValues(ProcStats.read("/proc/self/task/" + task + "/io"));
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tid", Long.parseLong(task));
            t.put("name", name);
            ProcStats.putCpu(t, stat);
            t.put("syscr", ProcStats.longOrNull(io.get("syscr")));
            t.put("syscw", ProcStats.longOrNull(io.get("syscw")));
            boolean isJava = java.containsKey(name);
            t.put("java", isJava);
            t.put("daemon", isJava ? java.get(name) : null);
            list.add(t);
        }
        list.sort((a, b) -> Double.compare(cpu(b), cpu(a)));
        return list.size() > MAX_THREADS ? new ArrayList<>(list.subList(0, MAX_THREADS)) : list;
    }

    private static double cpu(Map<String, Object> t) {
        return (Double) t.get("user_s") + (Double) t.get("system_s");
    }

    /**
     * The live platform threads by the name the kernel shows for them, with their daemon flag (null when two threads
     * of that name differ). HotSpot gives the kernel the first 15 bytes of a Java thread's name (JDK 17 and 25).
     */
    private static Map<String, Boolean> javaThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] all = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(all, true);
        Map<String, Boolean> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = all[i].getName();
            boolean daemon = all[i].isDaemon();
            String k = kernelName(name);
            if (m.containsKey(k) && !Boolean.valueOf(daemon).equals(m.get(k))) m.put(k, null);
            else m.put(k, daemon);
        }
        return m;
    }

    static String kernelName(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return b.length <= COMM_BYTES ? name : new String(b, 0, COMM_BYTES, StandardCharsets.UTF_8);
    }
}
