package io.ringzero.report.symbols;

import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the user-space return addresses a kernel tracer recorded for a process that has exited: the run file's
 * {@code code_maps} say which file each address was mapped from (the symbols come from that file, read now), the
 * JVM's perf map names the JIT's code. A frame reads "symbol (library)": {@code ClassLoader::load_class (libjvm.so)},
 * {@code java.io.FileInputStream.readBytes (jit)}, {@code [unknown] (libc.so.6)} for a library without a symbol there,
 * {@code [unknown]} for an address in no known mapping (a frame pointer the unwinder misread, or freed JIT code).
 */
public final class Symbolizer {

    /** The module of compiled Java code and the JVM's stubs. */
    public static final String JIT = "jit";
    public static final String UNKNOWN = "[unknown]";

    private final List<Run.CodeMap> maps;
    private final PerfMap perfMap;
    private final Map<String, ElfSymbols> files = new HashMap<>();

    private Symbolizer(List<Run.CodeMap> maps, PerfMap perfMap) {
        this.maps = maps;
        this.perfMap = perfMap;
    }

    /** @param perfMap the JVM's perf map, or null (JIT frames are then unknown) */
    public static Symbolizer of(List<Run.CodeMap> maps, Path perfMap) {
        PerfMap jit = PerfMap.EMPTY;
        if (perfMap != null) {
            try {
                jit = PerfMap.read(perfMap);
            } catch (IOException e) {
                // no JIT names: the frames stay [unknown], as without the map
            }
        }
        return new Symbolizer(maps == null ? List.of() : maps, jit);
    }

    public String frame(long address) {
        return frame(address, mapping(address));
    }

    private String frame(long address, Run.CodeMap m) {
        if (m != null) {
            // a return address points after its call: one byte back is still inside the calling function
            long offset = address - 1 - m.from() + m.fileOffset();
            String symbol = m.path().endsWith(DELETED) ? null : files.computeIfAbsent(m.path(), ElfSymbols::of).at(offset);
            return (symbol == null ? UNKNOWN : Demangler.demangle(symbol)) + " (" + library(m.path()) + ")";
        }
        String method = perfMap.at(address - 1);
        return method == null ? UNKNOWN : method + " (" + JIT + ")";
    }

    /**
     * The frame of a word found on the stack if it is a return address: inside a mapped file, right after a call
     * instruction there ({@link CallInstruction}; inside a file deleted since, any address); null for anything else
     * (data, or code the JIT made).
     */
    public String returnAddress(long address) {
        Run.CodeMap m = mapping(address);
        return m == null ? null : returnAddress(address, m);
    }

    private String returnAddress(long address, Run.CodeMap m) {
        long offset = address - m.from() + m.fileOffset();
        return m.path().endsWith(DELETED) || CallInstruction.endsAt(Path.of(m.path()), offset) ? frame(address, m) : null;
    }

    /**
     * The frame of a return address the frame pointers led to: checked as {@link #returnAddress} where a file is
     * mapped (code without frame pointers leaves the register pointing at anything on its stack), named from the perf
     * map elsewhere (the JIT's code, whose bytes are gone with the process).
     */
    public String walked(long address) {
        Run.CodeMap m = mapping(address);
        return m != null ? returnAddress(address, m) : frame(address, null);
    }

    /** The executable file mapping holding the address, null if none does. */
    private Run.CodeMap mapping(long address) {
        for (Run.CodeMap m : maps) {
            if (Long.compareUnsigned(address, m.from()) >= 0 && Long.compareUnsigned(address, m.to()) < 0) {
                return m;
            }
        }
        return null;
    }

    /**
     * The file name of a mapped path: {@code /usr/lib/jvm/.../libjvm.so} is {@code libjvm.so}; a file deleted while
     * mapped (a library unpacked to a temporary file) keeps its name without the kernel's " (deleted)", and an
     * unpacked copy its library's name.
     */
    static String library(String path) {
        String p = path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
        return UNPACKED.matcher(p.substring(p.lastIndexOf('/') + 1)).replaceAll("");
    }

    /**
     * What libraries add to the name of the copy they unpack: a UUID (sqlite-jdbc), a run of digits before ".so"
     * (Netty, after the architecture's name), a hexadecimal tag and a number (RingZero's copy of async-profiler).
     */
    private static final java.util.regex.Pattern UNPACKED = java.util.regex.Pattern.compile(
            "-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=_64|_32|[a-z])[0-9]{10,}(?=\\.so$)|-[0-9a-f]{8}-[0-9]+(?=\\.so$)");

    private static final String DELETED = " (deleted)";
}
