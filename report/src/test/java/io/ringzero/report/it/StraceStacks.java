package io.ringzero.report.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls of {@code strace -f -k -o FILE}, each with its thread and its stack: strace prints a call's stack
 * (" > " lines) after the line that finishes it, the whole call or its "resumed" line when another thread's call
 * came between.
 */
final class StraceStacks {

    private StraceStacks() {
    }

    /** One call: its thread, kind and stack, strace's frame lines innermost first. */
    record Call(long tid, String kind, List<String> frames) {

        /** Its frames as RingZero's Symbolizer names them: "symbol (library)", C++ names without their parameters. */
        List<String> named() {
            List<String> named = new ArrayList<>(frames.size());
            for (String line : frames) {
                Matcher f = FRAME.matcher(line);
                named.add(f.find() ? f.group(2).replaceFirst("\\(.*", "") + " (" + f.group(1) + ")" : "[unknown]");
            }
            return named;
        }
    }

    private static final Pattern CALL = Pattern.compile("^(\\d+)\\s+([a-z0-9_]+)\\(");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+<\\.\\.\\. ([a-z0-9_]+) resumed>");
    /** A frame: " > /path/lib.so(symbol+0x1f) [0x...]", the symbol's C++ parameters included. */
    private static final Pattern FRAME = Pattern.compile("^ > (?:.*/)?([^/(]+)\\((.*)\\+0x[0-9a-f]+\\) \\[");

    static List<Call> calls(List<String> lines) {
        List<Call> calls = new ArrayList<>();
        long tid = 0;
        String kind = null;
        List<String> frames = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(" > ")) {
                frames.add(line);
                continue;
            }
            if (kind != null) {
                calls.add(new Call(tid, kind, List.copyOf(frames)));
            }
            kind = null;
            frames.clear();
            Matcher resumed = RESUMED.matcher(line), whole = CALL.matcher(line);
            Matcher m = resumed.find() ? resumed : whole.find() && !line.contains("<unfinished ...>") ? whole : null;
            if (m != null) {
                tid = Long.parseLong(m.group(1));
                kind = m.group(2);
            }
        }
        if (kind != null) {
            calls.add(new Call(tid, kind, List.copyOf(frames)));
        }
        return calls;
    }
}
