package io.ringzero.report.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stacks in async-profiler's collapsed form, one per line, {@code root;...;leaf count}, frames annotated
 * ({@code ann}): {@code _[k]} kernel, {@code _[j]}/{@code _[i]}/{@code _[0]}/{@code _[1]} Java (JIT-compiled,
 * inlined, interpreted, C1), no suffix native. The run file's {@code profile.stacks} and the agent's
 * {@code <run>.cpu.collapsed} are both in this form.
 */
public final class CollapsedStacks {

    /** One distinct stack and how many samples landed on it. Frames run from the thread's root to the leaf. */
    public record Stack(List<String> frames, long samples) {

        public String leaf() {
            return frames.isEmpty() ? "" : frames.get(frames.size() - 1);
        }
    }

    private final List<Stack> stacks;

    private CollapsedStacks(List<Stack> stacks) {
        this.stacks = List.copyOf(stacks);
    }

    public List<Stack> stacks() {
        return stacks;
    }

    public long samples() {
        long n = 0;
        for (Stack s : stacks) {
            n += s.samples();
        }
        return n;
    }

    /** The text of a collapsed file. */
    public static CollapsedStacks parse(String text) {
        return parse(Arrays.asList(text.split("\n")));
    }

    /** One stack per line; lines that do not end in a count are skipped. */
    public static CollapsedStacks parse(List<String> lines) {
        List<Stack> list = new ArrayList<>();
        for (String line : lines) {
            Stack s = line == null ? null : stack(line);
            if (s != null) {
                list.add(s);
            }
        }
        return new CollapsedStacks(list);
    }

    /** The stack of one line, or null when the line does not end in a count. */
    public static Stack stack(String line) {
        int sp = line.lastIndexOf(' ');
        if (sp <= 0) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(line.substring(sp + 1).trim());
        } catch (NumberFormatException e) {
            return null;
        }
        return new Stack(List.of(line.substring(0, sp).split(";")), n);
    }

    public static boolean isKernel(String frame) {
        return frame.endsWith("_[k]");
    }

    public static boolean isJava(String frame) {
        return frame.endsWith("_[j]") || frame.endsWith("_[i]") || frame.endsWith("_[0]") || frame.endsWith("_[1]");
    }

    /** The frame without its annotation; Java frames in the run file's dotted form ({@code java.io.FileOutputStream.write}). */
    public static String name(String frame) {
        String f = frame.length() > 4 && frame.charAt(frame.length() - 4) == '_' && frame.charAt(frame.length() - 3) == '['
                && frame.endsWith("]") ? frame.substring(0, frame.length() - 4) : frame;
        return isJava(frame) ? f.replace('/', '.') : f;
    }
}
