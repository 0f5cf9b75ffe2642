package io.ringzero.report.flame;

import io.ringzero.report.runfile.RunFileReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A collapsed-stacks side file as the flame-graph converter may read it. The converter recurses once per frame,
 * so a hostile file with one very deep stack would overflow it: each stack keeps its innermost
 * {@value #MAX_FRAMES} frames under a {@code [truncated]} root, as async-profiler itself cuts deep stacks. A
 * file larger than a run file may be is not read at all.
 */
final class BoundedStacks {

    /** async-profiler's own default stack depth. */
    static final int MAX_FRAMES = 2048;

    private BoundedStacks() {
    }

    static Reader open(Path file) throws IOException {
        long size = Files.size(file);
        if (size > RunFileReader.MAX_BYTES) {
            throw new IOException(file.getFileName() + " is " + (size >> 20) + " MiB, more than "
                    + (RunFileReader.MAX_BYTES >> 20) + " MiB");
        }
        StringBuilder out = new StringBuilder((int) Math.min(size + 64, Integer.MAX_VALUE - 64));
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.append(bounded(line)).append('\n');
            }
        }
        return new StringReader(out.toString());
    }

    /** {@code root;...;leaf count}, cut to the innermost frames when deeper than {@link #MAX_FRAMES}. */
    static String bounded(String line) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
            return line;
        }
        int frames = 1;
        for (int i = line.indexOf(';'); i >= 0 && i < space; i = line.indexOf(';', i + 1)) {
            frames++;
        }
        if (frames <= MAX_FRAMES) {
            return line;
        }
        int cut = -1;
        for (int skip = frames - MAX_FRAMES; skip > 0; skip--) {
            cut = line.indexOf(';', cut + 1);
        }
        return "[truncated]" + line.substring(cut);
    }
}
