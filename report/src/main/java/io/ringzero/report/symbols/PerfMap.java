package io.ringzero.report.symbols;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's perf map ({@code /tmp/perf-PID.map}, written at exit with {@code -XX:+DumpPerfMapAtExit} or on demand by
 * {@code jcmd PID Compiler.perfmap}): "START SIZE NAME" per code blob of the code cache, compiled Java methods named
 * "RETURN_TYPE package.Class.method(ARGS)". Code the JIT freed before the map was written is not in it.
 */
final class PerfMap {

    static final PerfMap EMPTY = new PerfMap(AddressRanges.NONE);

    private final AddressRanges blobs;

    private PerfMap(AddressRanges blobs) {
        this.blobs = blobs;
    }

    static PerfMap read(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 3);
            if (f.length == 3 && f[0].startsWith("0x")) {
                rows.add(f);
            }
        }
        rows.sort((a, b) -> Long.compareUnsigned(hex(a[0]), hex(b[0])));
        long[] starts = new long[rows.size()], ends = new long[rows.size()];
        String[] names = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            starts[i] = hex(rows.get(i)[0]);
            ends[i] = starts[i] + hex(rows.get(i)[1]);
            names[i] = methodName(rows.get(i)[2]);
        }
        return new PerfMap(new AddressRanges(starts, ends, names));
    }

    /** The blob holding this address, null if none does. */
    String at(long address) {
        return blobs.at(address);
    }

    /** "int java.lang.String.hashCode()" is "java.lang.String.hashCode"; a stub's name ("Interpreter") stays. */
    static String methodName(String entry) {
        int paren = entry.indexOf('(');
        String head = paren < 0 ? entry : entry.substring(0, paren);
        int space = head.lastIndexOf(' ');
        return paren < 0 || space < 0 ? entry.strip() : head.substring(space + 1);
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }
}
