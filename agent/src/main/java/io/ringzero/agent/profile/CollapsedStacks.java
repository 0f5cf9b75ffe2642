package io.ringzero.agent.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * async-profiler's {@code collapsed} output, one stack per line, {@code root;...;leaf count}, frames annotated
 * ({@code ann}): {@code _[k]} kernel, {@code _[j]}/{@code _[i]}/{@code _[0]}/{@code _[1]} Java (JIT-compiled,
 * inlined, interpreted, C1), no suffix native.
 */
public final class CollapsedStacks {
    /** One distinct stack and how many samples landed on it. Frames run from the thread's root to the leaf. */
    public static final class Stack {
        public final String[] frames;
        public final long samples;

        Stack(String[] frames, long samples) {
            this.frames = frames;
            this.samples = samples;
        }

        public String leaf() { return frames.length == 0 ? "" : frames[frames.length - 1]; }
    }

    private final List<Stack> stacks;

    private CollapsedStacks(List<Stack> stacks) { this.stacks = stacks; }

    public List<Stack> stacks() { return Collections.unmodifiableList(stacks); }

    public long samples() {
        long n = 0;
        for (Stack s : stacks) n += s.samples;
        return n;
    }

    /** Lines that do not end in a count are skipped: a dump never fails the run file. */
    public static CollapsedStacks parse(String text) {
        List<Stack> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (sp <= 0) continue;
            long n;
            try {
                n = Long.parseLong(line.substring(sp + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            list.add(new Stack(line.substring(0, sp).split(";"), n));
        }
        return new CollapsedStacks(list);
    }

    public static boolean isKernel(String frame) { return frame.endsWith("_[k]"); }

    public static boolean isJava(String frame) {
        return frame.endsWith("_[j]") || frame.endsWith("_[i]") || frame.endsWith("_[0]") || frame.endsWith("_[1]");
    }
}
