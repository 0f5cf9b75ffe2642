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
        for (Run.KernelThread t : run.kernelOracle().threads()) {
            String name = run.threadName(t.tid(), t.name());
            Category c = Category.ofThread(name);
            String group = c == Category.UNEXPLAINED ? "application threads" : c.label;
            String prefix = SiteStacks.clean(group) + ";" + SiteStacks.clean(name + (t.tid() == 0 ? "" : " (" + t.tid() + ")")) + ";";
            for (Map.Entry<String, Long> k : t.syscalls().entrySet()) {
                if (k.getValue() > 0) {
                    out.add(prefix + SiteStacks.clean(k.getKey()) + " " + k.getValue());
                }
            }
        }
        return out;
    }
}
