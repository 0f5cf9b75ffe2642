package io.ringzero.report.symbols;

import io.ringzero.report.attribution.StackCategory;
import io.ringzero.report.oracle.BpftraceOracle;
import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a kernel tracer's stacks ("0x..." frames) once the traced JVM has exited, with its run file's mappings and
 * the perf map the JVM wrote at exit ({@link #JVM_OPTIONS}); stacks that read the same once named are merged.
 */
public final class StackNames {

    /** What {@code ringzero run} and {@code demo} add to a JVM they trace with stacks: the JIT's code named at exit. */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit");

    private StackNames() {
    }

    /**
     * The thread was in {@code function} (named by its first instruction) when it made the call, called from
     * {@code caller}: the words read from the stack after that function's own frame lie within its frame (they are
     * stale), so the stack goes on from it with the caller; the function comes right after the syscall's own frame
     * when the words did not find it.
     */
    static void entered(List<String> frames, String function, String caller) {
        int at = frames.indexOf(function);
        if (at >= 0) {
            frames.subList(at + 1, frames.size()).clear();
        } else {
            frames.subList(Math.min(1, frames.size()), frames.size()).clear();
            frames.add(function);
        }
        frames.add(caller);
    }

    private static long address(String frame) {
        return Long.parseUnsignedLong(frame.substring(frame.indexOf("0x") + 2), 16);
    }

    /** HotSpot writes its perf map into /tmp whatever java.io.tmpdir says; it is removed once read: the options above had the JVM write it for this alone. */
    public static Run.KernelOracle named(Run.KernelOracle kernel, Run run) {
        if (kernel.stacks() == null || kernel.stacks().isEmpty()) {
            return kernel;
        }
        Path perfMap = run.process() == null || run.process().pid() == null ? null
                : Path.of("/tmp", "perf-" + run.process().pid() + ".map");
        Symbolizer names = Symbolizer.of(run.codeMaps(), perfMap != null && Files.isRegularFile(perfMap) ? perfMap : null);
        if (perfMap != null) {
            try {
                Files.deleteIfExists(perfMap);
            } catch (IOException e) {
                // left in the temporary directory, as the JVM wrote it
            }
        }
        Map<List<Object>, Run.KernelStack> merged = new LinkedHashMap<>();
        for (Run.KernelStack s : kernel.stacks()) {
            List<String> frames = new ArrayList<>(s.frames().size());
            List<String> raw = s.frames();
            for (int i = 0; i < raw.size(); i++) {
                String f = raw.get(i);
                if (f.startsWith(BpftraceOracle.ENTERED) && i + 1 < raw.size()) {
                    // frame() names the instruction before a return address: one past the function's first
                    entered(frames, names.frame(address(f) + 1), names.frame(address(raw.get(i + 1))));
                    break;
                }
                if (f.startsWith(BpftraceOracle.CANDIDATE)) {
                    String named = names.returnAddress(address(f));
                    if (named != null && !frames.contains(named)) {
                        frames.add(named);
                    }
                } else if (!f.startsWith("0x")) {
                    frames.add(f);
                } else if (frames.isEmpty()) {
                    frames.add(names.frame(address(f))); // the syscall's own address
                } else {
                    String named = names.walked(address(f));
                    if (named != null) {
                        frames.add(named);
                    }
                }
            }
            merged.merge(List.of(s.tid(), s.syscall(), frames), new Run.KernelStack(s.tid(), s.syscall(), s.calls(), frames),
                    (a, b) -> new Run.KernelStack(a.tid(), a.syscall(), a.calls() + b.calls(), a.frames()));
        }
        return kernel.withStacks(bounded(new ArrayList<>(merged.values())));
    }

    /**
     * The {@link BpftraceOracle#MAX_STACKS} stacks with most calls, then the rest merged per thread, kind and the
     * frames that decide their category ({@link StackCategory#decidingFrames}), most calls first, up to as many
     * again: a busy server's many stacks of few calls each keep their category.
     */
    static List<Run.KernelStack> bounded(List<Run.KernelStack> stacks) {
        Comparator<Run.KernelStack> mostCalls = Comparator.comparingLong(Run.KernelStack::calls).reversed();
        stacks.sort(mostCalls);
        int max = BpftraceOracle.MAX_STACKS;
        if (stacks.size() <= max) {
            return List.copyOf(stacks);
        }
        Map<List<Object>, Run.KernelStack> rest = new LinkedHashMap<>();
        for (Run.KernelStack s : stacks.subList(max, stacks.size())) {
            List<String> frames = StackCategory.decidingFrames(s.frames());
            rest.merge(List.of(s.tid(), s.syscall(), frames), new Run.KernelStack(s.tid(), s.syscall(), s.calls(), frames),
                    (a, b) -> new Run.KernelStack(a.tid(), a.syscall(), a.calls() + b.calls(), a.frames()));
        }
        List<Run.KernelStack> merged = new ArrayList<>(rest.values());
        merged.sort(mostCalls);
        List<Run.KernelStack> kept = new ArrayList<>(stacks.subList(0, max));
        kept.addAll(merged.subList(0, Math.min(max, merged.size())));
        return List.copyOf(kept);
    }
}
