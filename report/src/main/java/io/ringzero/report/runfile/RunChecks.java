package io.ringzero.report.runfile;

import io.ringzero.report.profile.CollapsedStacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The range checks of a mapped run file: no negative count, no time that is negative or not a number, no share
 * outside 0..1, every syscall named. Frame lists longer than the agent can write ({@value #MAX_FRAMES}, its
 * largest {@code depth}) are cut with a last frame saying so, so that a hostile file cannot overflow the
 * recursive flame-graph code downstream.
 */
final class RunChecks {

    static final int MAX_FRAMES = 64;

    /** A check that failed; the message names the field. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private RunChecks() {
    }

    static Run checked(Run r) {
        if (r.syscalls() == null) {
            throw new Invalid("no \"syscalls\" array");
        }
        if (r.totals() != null) {
            Run.Totals t = r.totals();
            count("totals.calls", t.calls());
            count("totals.errors", t.errors());
            count("totals.bytes", t.bytes());
            count("totals.bytes_requested", t.bytesRequested());
        }
        if (r.cpu() != null) {
            figures("cpu.start", r.cpu().start());
            figures("cpu.now", r.cpu().now());
        }
        if (r.process() != null) {
            seconds("process.uptime_s", r.process().uptimeS());
        }
        if (r.snapshots() != null) {
            for (Run.Snapshot s : r.snapshots()) {
                if (s == null) {
                    throw new Invalid("a snapshots[] entry is null");
                }
                seconds("snapshots[].t_s", s.tS());
                seconds("snapshots[].user_s", s.userS());
                seconds("snapshots[].system_s", s.systemS());
                counts("snapshots[].calls", s.calls());
            }
        }
        if (r.kernelOracle() != null) {
            counts("kernel_oracle.syscalls", r.kernelOracle().syscalls());
            if (r.kernelOracle().threads() != null) {
                for (Run.KernelThread t : r.kernelOracle().threads()) {
                    count("kernel_oracle.threads[].tid", t.tid());
                    count("kernel_oracle.threads[].calls", t.calls());
                    counts("kernel_oracle.threads[].syscalls", t.syscalls());
                }
            }
            if (r.kernelOracle().total() != null) {
                count("kernel_oracle.total", r.kernelOracle().total());
            }
        }
        Run.AgentOwn own = r.agentOwn() == null ? null : new Run.AgentOwn(syscalls("agent_own.syscalls", r.agentOwn().syscalls()));
        return new Run(r.schema(), r.isFinal(), r.agent(), r.process(), r.machine(), r.cpu(), r.totals(),
                syscalls("syscalls", r.syscalls()), own, r.snapshots(), r.uncovered(), r.kernelOracle(), profile(r.profile()),
                window(r.window()), threads(r.threads()), r.codeMaps());
    }

    /** Threads without a tid or a name are dropped; negative figures are a foreign file's. */
    private static List<Run.ThreadFigures> threads(List<Run.ThreadFigures> threads) {
        if (threads == null) {
            return null;
        }
        for (Run.ThreadFigures t : threads) {
            count("threads[].tid", t.tid());
            for (Double d : new Double[] {t.userS(), t.systemS()}) {
                if (d != null && !(d >= 0)) {
                    throw new Invalid("threads[] has a CPU time of " + d + ", not a duration");
                }
            }
        }
        return threads.stream().filter(t -> t.name() != null).toList();
    }

    private static Run.Window window(Run.Window w) {
        if (w != null && w.number() < 1) {
            throw new Invalid("window.number is " + w.number() + ", not a window number (1 or more)");
        }
        return w;
    }

    private static List<Run.Syscall> syscalls(String where, List<Run.Syscall> in) {
        if (in == null) {
            return null;
        }
        List<Run.Syscall> out = new ArrayList<>(in.size());
        for (Run.Syscall s : in) {
            if (s == null || s.name() == null || s.name().isEmpty()) {
                throw new Invalid("a " + where + " entry has no \"name\"");
            }
            String at = where + "." + s.name();
            count(at + ".calls", s.calls());
            count(at + ".errors", s.errors());
            count(at + ".bytes", s.bytes());
            count(at + ".bytes_requested", s.bytesRequested());
            counts(at + ".errors_by_class", s.errorsByClass());
            if (s.latency() != null) {
                count(at + ".latency.timed", s.latency().timed());
                count(at + ".latency.sum_ns", s.latency().sumNs());
                if (s.latency().log2Ns() != null) {
                    for (long n : s.latency().log2Ns()) {
                        count(at + ".latency.log2_ns", n);
                    }
                }
            }
            List<Run.Site> sites = null;
            if (s.sites() != null) {
                sites = new ArrayList<>(s.sites().size());
                for (Run.Site site : s.sites()) {
                    if (site == null) {
                        throw new Invalid("a " + at + ".sites entry is null");
                    }
                    count(at + ".sites[].calls", site.calls());
                    count(at + ".sites[].walked", site.walked());
                    sites.add(new Run.Site(site.calls(), site.walked(), site.api(), frames(site.frames()),
                            resources(at + ".sites[].resources", site.resources())));
                }
            }
            out.add(new Run.Syscall(s.name(), s.calls(), s.errors(), s.bytesRequested(), s.bytes(), s.errorsByClass(),
                    s.latency(), sites));
        }
        return out;
    }

    /** Absent (before 2.1) is none; an entry must name its resource and count non-negative calls. */
    private static List<Run.Resource> resources(String at, List<Run.Resource> list) {
        if (list == null) {
            return List.of();
        }
        List<Run.Resource> out = new ArrayList<>(list.size());
        for (Run.Resource r : list) {
            if (r == null || r.resource() == null || r.resource().isEmpty()) {
                throw new Invalid("a " + at + " entry has no resource");
            }
            count(at + "[].calls", r.calls());
            count(at + "[].walked", r.walked());
            out.add(r);
        }
        return List.copyOf(out);
    }

    private static Run.Profile profile(Run.Profile p) {
        if (p == null) {
            return null;
        }
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        counts.put("interval_ns", p.intervalNs());
        counts.put("samples", p.samples());
        counts.put("kernel_samples", p.kernelSamples());
        counts.put("syscall_samples", p.syscallSamples());
        counts.put("entry_exit_samples", p.entryExitSamples());
        counts.put("wrapper_samples", p.wrapperSamples());
        counts.put("exit_work_samples", p.exitWorkSamples());
        counts.put("body_samples", p.bodySamples());
        counts.put("other_kernel_samples", p.otherKernelSamples());
        counts.forEach((field, n) -> {
            if (n != null) {
                count("profile." + field, n);
            }
        });
        share("profile.kernel_share", p.kernelShare());
        share("profile.entry_exit_share_of_kernel", p.entryExitShareOfKernel());
        share("profile.entry_exit_share_of_kernel_high", p.entryExitShareOfKernelHigh());
        if (p.stacks() != null) {
            for (String line : p.stacks()) {
                CollapsedStacks.Stack stack = line == null ? null : CollapsedStacks.stack(line);
                if (stack == null || stack.samples() < 0) {
                    throw new Invalid("a profile.stacks line is not \"frame;...;frame COUNT\": " + abbreviated(line));
                }
            }
        }
        if (p.bySyscall() == null) {
            return p;
        }
        List<Run.ProfiledSyscall> by = new ArrayList<>(p.bySyscall().size());
        for (Run.ProfiledSyscall s : p.bySyscall()) {
            if (s == null || s.name() == null) {
                throw new Invalid("a profile.by_syscall entry has no \"name\"");
            }
            count("profile.by_syscall[].samples", s.samples());
            List<Run.Chain> chains = new ArrayList<>();
            if (s.chains() != null) {
                for (Run.Chain c : s.chains()) {
                    if (c != null) {
                        count("profile.by_syscall[].chains[].samples", c.samples());
                        chains.add(new Run.Chain(c.samples(), frames(c.frames())));
                    }
                }
            }
            by.add(new Run.ProfiledSyscall(s.name(), s.samples(), s.shareOfKernel(), chains));
        }
        return new Run.Profile(p.requested(), p.engine(), p.status(), p.kernelFrames(), p.intervalNs(), p.fallbackReason(),
                p.error(), p.samples(), p.kernelSamples(), p.kernelShare(), p.syscallSamples(), p.entryExitSamples(),
                p.entryExitShareOfKernel(), p.wrapperSamples(), p.entryExitShareOfKernelHigh(), p.exitWorkSamples(),
                p.bodySamples(), p.otherKernelSamples(), by, p.flamegraph(), p.collapsed(), p.warnings(),
                p.stacks());
    }

    /** Innermost first, as the agent writes them; a longer list keeps its innermost frames. */
    static List<String> frames(List<String> frames) {
        if (frames == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Math.min(frames.size(), MAX_FRAMES + 1));
        for (String f : frames) {
            if (out.size() == MAX_FRAMES) {
                out.add("(" + (frames.size() - MAX_FRAMES) + " more frames cut)");
                break;
            }
            out.add(f == null ? "(null frame)" : f);
        }
        return out;
    }

    private static String abbreviated(String s) {
        return s == null ? "null" : s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static void figures(String where, Run.Figures f) {
        if (f == null) {
            return;
        }
        seconds(where + ".t_s", f.tS());
        seconds(where + ".user_s", f.userS());
        seconds(where + ".system_s", f.systemS());
        for (Long n : new Long[] {f.syscr(), f.syscw(), f.voluntaryCtxtSwitches(), f.nonvoluntaryCtxtSwitches(), f.threads()}) {
            if (n != null) {
                count(where, n);
            }
        }
    }

    private static void share(String field, Double d) {
        if (d != null && !(d >= 0 && d <= 1)) {
            throw new Invalid(field + " is " + d + ", not a share between 0 and 1");
        }
    }

    private static void seconds(String field, Double s) {
        if (s != null && !(s >= 0 && s < Double.POSITIVE_INFINITY)) {
            throw new Invalid(field + " is " + s + ", not a time in seconds");
        }
    }

    private static void counts(String field, Map<String, Long> m) {
        if (m != null) {
            m.forEach((k, v) -> {
                if (v == null || v < 0) {
                    throw new Invalid(field + "." + k + " is " + v + ", not a count");
                }
            });
        }
    }

    private static void count(String field, long n) {
        if (n < 0) {
            throw new Invalid(field + " is " + n + ", not a count");
        }
    }
}
