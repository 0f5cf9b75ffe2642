package io.ringzero.agent.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run file's {@code profile.stacks}: every sample's stack cut to its innermost part, identical cut stacks
 * merged, most samples first, in async-profiler's collapsed form ({@code root;...;leaf count}, frames annotated).
 * A reader classifies them (kernel share, entry/exit, syscall bodies) without the agent doing it at the JVM's exit.
 *
 * <p>A stack keeps, from the leaf up: the kernel and native frames, then Java frames until {@code depth} of them
 * make a call chain as the run file's call sites do; the agent's hooks and the method-handle frames that reach
 * them, and a method repeated right above itself, are not counted (they sit in every instrumented call). It also
 * keeps the frame just above its first kernel frame, where a libc syscall wrapper is recognised. A stack whose
 * chain never reaches {@code depth} is kept whole.
 */
final class InnermostStacks {
    private InnermostStacks() { }

    static List<String> of(CollapsedStacks stacks, int depth) {
        Map<String, long[]> merged = new HashMap<>();
        for (CollapsedStacks.Stack s : stacks.stacks()) {
            if (s.frames.length == 0 || s.samples <= 0) continue;
            String cut = String.join(";", Arrays.asList(s.frames).subList(cutIndex(s.frames, depth), s.frames.length));
            long[] n = merged.get(cut);
            if (n == null) merged.put(cut, n = new long[1]);
            n[0] += s.samples;
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(merged.entrySet());
        sorted.sort(MOST_SAMPLES_FIRST);
        List<String> lines = new ArrayList<>(sorted.size());
        for (Map.Entry<String, long[]> e : sorted) lines.add(e.getKey() + " " + e.getValue()[0]);
        return lines;
    }

    /** The index of the outermost frame kept. */
    static int cutIndex(String[] frames, int depth) {
        int from = 0; // a chain that never fills needs every Java frame
        int chain = 0;
        String last = null;
        for (int i = frames.length - 1; i >= 0; i--) {
            if (chain >= depth) {
                from = i + 1;
                break;
            }
            if (!CollapsedStacks.isJava(frames[i])) continue;
            String name = frames[i].substring(0, frames[i].length() - 4); // without _[j]: one method however compiled
            if (isPlumbing(name) || name.equals(last)) continue;
            chain++;
            last = name;
        }
        for (int i = 0; i < frames.length; i++) {
            if (CollapsedStacks.isKernel(frames[i])) {
                from = Math.min(from, Math.max(0, i - 1));
                break;
            }
        }
        return Math.min(from, frames.length - 1);
    }

    /**
     * The agent's hooks and the method-handle frames that reach them: in every instrumented call, named anew each
     * run. Frames in async-profiler's slash form.
     */
    static boolean isPlumbing(String javaFrame) {
        return javaFrame.startsWith("io/ringzero/agent/hook/") || javaFrame.startsWith("io/ringzero/agent/count/")
                || javaFrame.startsWith("java/lang/invoke/LambdaForm$") || javaFrame.startsWith("java/lang/invoke/Invokers$");
    }

    /** Most samples first, then by text, so that equal runs give equal files. A class, not a lambda: no bootstrap at exit. */
    private static final Comparator<Map.Entry<String, long[]>> MOST_SAMPLES_FIRST = new Comparator<>() {
        @Override
        public int compare(Map.Entry<String, long[]> a, Map.Entry<String, long[]> b) {
            int c = Long.compare(b.getValue()[0], a.getValue()[0]);
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        }
    };
}
