package io.ringzero.agent.it;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program that writes one byte per level of a recursion until StackOverflowError, catches it at the top and
 * starts again, {@code rounds} times, to one file. It counts the writes that returned normally and prints that
 * number beside the file's length: a write that reached the file and still threw would make them differ.
 * Usage (through {@link IoWorkload}): {@code overflow-fos-write|overflow-fos-writebytes|overflow-raf-write ROUNDS DIR}.
 */
final class OverflowWrites {
    private final String how;
    private FileOutputStream out;
    private RandomAccessFile raf;
    private final byte[] one = {1};
    private long returned;

    private OverflowWrites(String how) { this.how = how; }

    static void run(String op, int rounds, Path dir) throws IOException {
        Path file = dir.resolve("overflow.bin");
        OverflowWrites w = new OverflowWrites(op.substring("overflow-".length()));
        long overflows = 0;
        if (w.how.startsWith("raf")) w.raf = new RandomAccessFile(file.toFile(), "rw");
        else w.out = new FileOutputStream(file.toFile());
        try {
            for (int i = 0; i < rounds; i++) {
                try {
                    w.down();
                } catch (StackOverflowError e) {
                    overflows++;
                }
            }
        } finally {
            if (w.raf != null) w.raf.close();
            else w.out.close();
        }
        if (rounds > 0 && overflows != rounds) throw new AssertionError(overflows + " overflows in " + rounds + " rounds");
        // the same two lines whatever the numbers (a run with 0 rounds is the agent's baseline): one write each
        System.out.println("returned " + String.format("%12d", w.returned));
        System.out.println("length   " + String.format("%12d", Files.size(file)));
    }

    private void down() throws IOException {
        write();
        returned++; // no call between the write's return and this: nothing here can overflow
        down();
    }

    private void write() throws IOException {
        switch (how) {
            case "fos-write" -> out.write(1);
            case "fos-writebytes" -> out.write(one, 0, 1);
            case "raf-write" -> raf.write(1);
            default -> throw new IllegalArgumentException(how);
        }
    }
}
