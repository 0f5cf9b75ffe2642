package io.ringzero.report.oracle;

import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSegment;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The libc a traced program runs on, as the tracer needs it: its file (this CLI's own, from its mappings: the same
 * machine's), the address {@code __libc_start_main} has in the file, and the bytes its loadable segments span. A
 * uprobe on {@code __libc_start_main}, which every program calls once at its start, gives the address libc was
 * mapped at in the traced process.
 *
 * @param path      the file
 * @param startMain {@code __libc_start_main}'s address in the file
 * @param size      from the file's first byte to the end of its last loadable segment (its data and bss included)
 */
record LibcImage(String path, long startMain, long size) {

    private static final int PT_LOAD = 1;
    private static final int STT_FUNC = 2;

    /**
     * This CLI's libc; null if none, if the kernel has no uprobes (a probe that cannot attach would keep the whole
     * program from loading), or if its path could not be written into a probe.
     */
    static LibcImage find() {
        if (!Files.isDirectory(Path.of("/sys/bus/event_source/devices/uprobe"))) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash > 0 && line.endsWith("/libc.so.6")) {
                    String path = line.substring(slash);
                    return path.contains("\"") || path.contains(":") ? null : of(path);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no probes on libc then
        }
        return null;
    }

    /** Null if the file is not an ELF library with {@code __libc_start_main}. */
    static LibcImage of(String path) {
        try {
            ElfFile elf = ElfFile.from(new File(path));
            long end = 0;
            for (int i = 0; i < elf.e_phnum; i++) {
                ElfSegment s = elf.getProgramHeader(i);
                if (s.p_type == PT_LOAD) {
                    end = Math.max(end, s.p_vaddr + s.p_memsz);
                }
            }
            ElfSymbolTableSection dynamic = elf.getDynamicSymbolTableSection();
            if (dynamic != null) {
                for (ElfSymbol s : dynamic.symbols) {
                    if (s.getType() == STT_FUNC && s.st_value != 0 && "__libc_start_main".equals(s.getName())) {
                        return new LibcImage(path, s.st_value, end);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not one we can read
        }
        return null;
    }
}
