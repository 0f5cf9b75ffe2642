package io.ringzero.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls per syscall of the threads of one JVM that spawn or reap processes, from a full {@code strace -f -o FILE}
 * log. {@code strace -f -c} cannot tell processes apart, and a spawned child's own syscalls (dup2, execve, the
 * spawn helper's reads) are not the JVM's. The JVM's other threads are left out too: a hundred spawns are few
 * next to what HotSpot's own threads read, close and map in the same kinds (measured: up to 3 reads, 2 closes
 * and 16 mmaps more or less between a run of 100 spawns and one of 200), and the agent sees no spawn there.
 */
final class StraceLog {
    private static final Pattern LINE = Pattern.compile("^(\\d+) +(?:<\\.\\.\\. ([a-z0-9_]+) resumed>|([a-z0-9_]+)\\()(.*)$");
    /** A signal that runs a handler; those ignored by default (a child's exit, ...) return to no rt_sigreturn. */
    private static final Pattern SIGNAL = Pattern.compile("^(\\d+) +--- SIG(?!CHLD|WINCH|URG|CONT)");
    private static final Pattern RESULT = Pattern.compile("= (\\d+)\\s*$");

    private StraceLog() { }

    /**
     * The spawning thread maps memory for the JVM too (heap, metaspace): glibc posix_spawn's own mapping, the
     * child's stack, is 36 KiB of MAP_STACK. Other mappings are counted as "mmap (JVM)"/"munmap (JVM)", a kind
     * the agent never reports.
     */
    private static String spawnMemory(String name, String args) {
        if (name.equals("mmap")) return args.contains(", 36864,") && args.contains("MAP_STACK") ? name : name + " (JVM)";
        if (name.equals("munmap")) return args.contains(", 36864") ? name : name + " (JVM)";
        return name;
    }

    static Map<String, Long> spawnerCalls(Path log) throws IOException { return spawnerCalls(Files.readAllLines(log)); }

    static Map<String, Long> spawnerCalls(List<String> lines) {
        Set<String> jvm = new HashSet<>(), spawners = new HashSet<>();
        Map<String, Boolean> pendingThreadClone = new HashMap<>(); // tid -> whether its unfinished clone makes a thread
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue; // signals, exits
            String tid = m.group(1), resumed = m.group(2), name = m.group(3), rest = m.group(4);
            if (jvm.isEmpty()) jvm.add(tid); // the first line is the traced program's execve
            if (!jvm.contains(tid)) continue;
            if (name != null && name.startsWith("clone") || "vfork".equals(name)) pendingThreadClone.put(tid, rest.contains("CLONE_THREAD"));
            if (name != null && (name.equals("wait4") || name.equals("waitid"))) spawners.add(tid);
            String call = name != null ? name : resumed;
            if ((call.startsWith("clone") || call.equals("vfork")) && !rest.contains("<unfinished")) {
                Matcher r = RESULT.matcher(rest);
                Boolean thread = pendingThreadClone.remove(tid);
                if (r.find() && thread != null) {
                    if (thread) jvm.add(r.group(1));
                    else spawners.add(tid);
                }
            }
        }
        Map<String, Long> calls = new HashMap<>();
        Set<String> inHandler = new HashSet<>();
        for (String line : lines) {
            Matcher sig = SIGNAL.matcher(line);
            if (sig.find()) inHandler.add(sig.group(1));
            Matcher m = LINE.matcher(line);
            if (!m.matches() || m.group(3) == null || !spawners.contains(m.group(1))) continue;
            String name = m.group(3);
            // HotSpot's signal handlers (implicit null checks, ...) set the signal mask too: theirs until rt_sigreturn
            String kind = inHandler.contains(m.group(1)) ? name + " (signal handler)" : spawnMemory(name, m.group(4));
            if (name.equals("rt_sigreturn")) inHandler.remove(m.group(1));
            calls.merge(kind, 1L, Long::sum);
        }
        return calls;
    }
}
