package io.ringzero.report.symbols;

import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSegment;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The function symbols of one ELF file ({@code .symtab} when it was not stripped, else {@code .dynsym}), looked up by
 * file offset: a return address minus its mapping's start plus the mapping's offset is a file offset, which the
 * file's loadable segments turn into the address its symbols are given at.
 */
final class ElfSymbols {

    private static final int PT_LOAD = 1;
    private static final int STT_FUNC = 2;

    private final AddressRanges functions;
    private final List<ElfSegment> loads;

    private ElfSymbols(AddressRanges functions, List<ElfSegment> loads) {
        this.functions = functions;
        this.loads = loads;
    }

    /** An empty table when the file is gone or not ELF: its frames keep the library's name. */
    static ElfSymbols of(String path) {
        try {
            ElfFile elf = ElfFile.from(new File(path));
            List<ElfSegment> loads = new ArrayList<>();
            for (int i = 0; i < elf.e_phnum; i++) {
                ElfSegment s = elf.getProgramHeader(i);
                if (s.p_type == PT_LOAD) {
                    loads.add(s);
                }
            }
            ElfSymbolTableSection table = elf.getSymbolTableSection();
            if (table == null) {
                table = elf.getDynamicSymbolTableSection();
            }
            List<ElfSymbol> functions = new ArrayList<>();
            if (table != null) {
                for (ElfSymbol s : table.symbols) {
                    if (s.getType() == STT_FUNC && s.st_value != 0) {
                        functions.add(s);
                    }
                }
            }
            functions.sort(Comparator.comparingLong(s -> s.st_value));
            int n = functions.size();
            long[] starts = new long[n], ends = new long[n];
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                ElfSymbol s = functions.get(i);
                starts[i] = s.st_value;
                ends[i] = s.st_value + Math.max(1, s.st_size);
                names[i] = s.getName();
            }
            return new ElfSymbols(new AddressRanges(starts, ends, names), loads);
        } catch (IOException | RuntimeException e) {
            return new ElfSymbols(AddressRanges.NONE, List.of());
        }
    }

    /** The function holding the byte at this file offset, null if none does. */
    String at(long fileOffset) {
        long address = fileOffset;
        for (ElfSegment s : loads) {
            if (fileOffset >= s.p_offset && fileOffset < s.p_offset + s.p_filesz) {
                address = fileOffset - s.p_offset + s.p_vaddr;
                break;
            }
        }
        return functions.at(address);
    }
}
