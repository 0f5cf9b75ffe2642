package io.ringzero.report.render;

import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The process's threads as /proc saw them at the run file's last write (run file {@code threads}, since 2.2): CPU time
 * and read- and write-family syscalls per thread, and the CPU per category of thread (by name, as the kernel's
 * per-thread counts are). Needs no privilege: it is there with or without a kernel tracer. Threads that ended before
 * the write are only in the process's times.
 *
 * @param rows        the threads of every run, most CPU first
 * @param cpuByGroup  CPU seconds per category ({@code unexplained} standing for the application's threads)
 * @param processCpuS the runs' CPU time (user + system of the whole process)
 */
public record ThreadTimes(List<Row> rows, Map<Category, Double> cpuByGroup, double processCpuS) {

    public record Row(String run, long tid, String name, Category category, boolean java, double userS, double systemS,
                      Long syscr, Long syscw) {
        public double cpuS() {
            return userS + systemS;
        }
    }

    /** Null unless some run of the view carries the thread table. */
    public static ThreadTimes of(List<LoadedRun> runs) {
        List<Row> rows = new ArrayList<>();
        Map<Category, Double> groups = new EnumMap<>(Category.class);
        double cpu = 0;
        boolean any = false;
        for (LoadedRun r : runs) {
            CpuTime runCpu = CpuTime.of(r.run());
            cpu += runCpu.userS() + runCpu.systemS();
            if (r.run().threads() == null) {
                continue;
            }
            any = true;
            for (Run.ThreadFigures t : r.run().threads()) {
                String name = r.run().threadName(t.tid(), t.name());
                Category c = Category.ofThread(name);
                Row row = new Row(r.label(), t.tid(), name, c, Boolean.TRUE.equals(t.java()) || "main".equals(name),
                        orZero(t.userS()), orZero(t.systemS()), t.syscr(), t.syscw());
                rows.add(row);
                groups.merge(c, row.cpuS(), Double::sum);
            }
        }
        if (!any) {
            return null;
        }
        rows.sort(Comparator.comparingDouble(Row::cpuS).reversed());
        return new ThreadTimes(List.copyOf(rows), groups, cpu);
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    /** RingZero's own threads' share of the process's CPU. */
    public double agentShare() {
        return processCpuS <= 0 ? Double.NaN : cpuByGroup.getOrDefault(Category.AGENT, 0.0) / processCpuS;
    }

    private static final List<Category> GROUPS = List.of(Category.UNEXPLAINED, Category.JIT, Category.GC, Category.JVM_OTHER,
            Category.AGENT);

    /**
     * "the application's threads 2.31 s, JIT compiler threads 2.91 s, ..., threads that had ended 2.70 s": the groups
     * that used any CPU, and what the live threads do not account for.
     */
    public String byGroup() {
        StringBuilder sb = new StringBuilder();
        double live = 0;
        for (Category c : GROUPS) {
            double s = cpuByGroup.getOrDefault(c, 0.0);
            live += s;
            if (s > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(label(c)).append(String.format(java.util.Locale.ROOT, " %.2f s", s));
            }
        }
        if (processCpuS - live >= 0.01) {
            sb.append(String.format(java.util.Locale.ROOT, ", threads that had ended %.2f s", processCpuS - live));
        }
        return sb.toString();
    }

    static String label(Category c) {
        return switch (c) {
            case UNEXPLAINED -> "the application's threads";
            case AGENT -> "RingZero's threads";
            case JIT -> "JIT compiler threads";
            case GC -> "GC threads";
            default -> "other JVM threads";
        };
    }

    /** The group a thread is in, as the tables name it: application, jit, gc, jvm_other, agent. */
    static String group(Category c) {
        return c == Category.UNEXPLAINED ? "application" : c.id;
    }
}
