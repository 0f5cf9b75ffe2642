package io.ringzero.agent.it;

import java.io.FileOutputStream;
import java.io.IOException;

/**
 * A child-JVM workload that lives at the edge of its stack: it recurses until StackOverflowError, writing one byte
 * to a file at every level, catches the error and starts again, for at least {@code MS} milliseconds and
 * {@code ROUNDS} rounds. Its CPU samples are as deep as a profiler takes them (2048 Java frames).
 * Usage: {@code StackEdge MS ROUNDS FILE}; prints one fixed line when done.
 */
public final class StackEdge {
    private static FileOutputStream out;

    private static int down(int depth) throws IOException {
        out.write(depth);
        return down(depth + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        int rounds = Integer.parseInt(args[1]);
        int overflows = 0;
        try (FileOutputStream o = new FileOutputStream(args[2])) {
            out = o;
            for (int i = 0; i < rounds || System.nanoTime() < end; i++) {
                try {
                    down(0);
                } catch (StackOverflowError e) {
                    overflows++;
                }
            }
        }
        System.out.println(overflows >= rounds ? "stack-edge done" : "stack-edge: only " + overflows + " overflows");
    }
}
