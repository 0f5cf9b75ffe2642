package io.ringzero.report.flame;

import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every syscall the kernel counted in the process, as collapsed stacks for a flame graph weighted by exact counts:
 * thread group (by the thread's name, as in the report's categories), thread, syscall kind, then, where the kernel
 * recorded them ({@code kernel_oracle.stacks}), the call's innermost native frames, outermost first. A thread's calls
 * of a kind without a stack end at the kind. Needs the kernel's per-thread counts ({@code kernel_oracle.threads},
 * bpftrace).
 */
final class ThreadStacks {

    private ThreadStacks() {
    }

    static List<String> lines(Run run) {
        List<String> out = new ArrayList<>();
        if (run.kernelOracle() == null || run.kernelOracle().threads() == null) {
            return out;
        }
        Map<Long, Map<String, List<Run.KernelStack>>> stacks = new HashMap<>();
        if (run.kernelOracle().stacks() != null) {
            for (Run.KernelStack s : run.kernelOracle().stacks()) {
                stacks.computeIfAbsent(s.tid(), t -> new HashMap<>()).computeIfAbsent(s.syscall(), k -> new ArrayList<>()).add(s);
            }
        }
        for (Run.KernelThread t : run.kernelOracle().threads()) {
            String name = run.threadName(t.tid(), t.name());
            Category c = Category.ofThread(name);
            String group = c == Category.UNEXPLAINED ? "application threads" : c.label;
            String prefix = SiteStacks.clean(group) + ";" + SiteStacks.clean(name + (t.tid() == 0 ? "" : " (" + t.tid() + ")")) + ";";
            for (Map.Entry<String, Long> k : t.syscalls().entrySet()) {
                long left = k.getValue();
                String kind = prefix + SiteStacks.clean(k.getKey());
                for (Run.KernelStack s : stacks.getOrDefault(t.tid(), Map.of()).getOrDefault(k.getKey(), List.of())) {
                    if (!s.frames().isEmpty() && s.calls() <= left) {
                        StringBuilder line = new StringBuilder(kind);
                        for (int i = s.frames().size() - 1; i >= 0; i--) {
                            line.append(';').append(SiteStacks.clean(s.frames().get(i)));
                        }
                        out.add(line.append(' ').append(s.calls()).toString());
                        left -= s.calls();
                    }
                }
                if (left > 0) {
                    out.add(kind + " " + left);
                }
            }
        }
        return out;
    }
}
