package io.ringzero.report.flame;

import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every syscall the kernel counted in the process, as collapsed stacks for a flame graph weighted by exact counts:
 * thread group (by the thread's name, as in the report's categories), thread, syscall kind. Needs the kernel's
 * per-thread counts ({@code kernel_oracle.threads}, bpftrace).
 */
final class ThreadStacks {

    private ThreadStacks() {
    }

    static List<String> lines(Run run) {
        List<String> out = new ArrayList<>();
        if (run.kernelOracle() == null || run.kernelOracle().threads() == null) {
            return out;
        }
        Long mainTid = run.process() == null ? null : run.process().mainTid();
        for (Run.KernelThread t : run.kernelOracle().threads()) {
            String name = mainTid != null && mainTid == t.tid() ? "main" : t.name();
            Category c = Category.ofThread(name);
            String group = c == Category.UNEXPLAINED ? "application threads" : c.label;
            String prefix = clean(group) + ";" + clean(name + (t.tid() == 0 ? "" : " (" + t.tid() + ")")) + ";";
            for (Map.Entry<String, Long> k : t.syscalls().entrySet()) {
                if (k.getValue() > 0) {
                    out.add(prefix + clean(k.getKey()) + " " + k.getValue());
                }
            }
        }
        return out;
    }

    /** ';' separates frames and a line break ends a stack: neither may appear inside a frame. */
    private static String clean(String frame) {
        return String.valueOf(frame).replace(';', ':').replace('\n', ' ').replace('\r', ' ');
    }
}
