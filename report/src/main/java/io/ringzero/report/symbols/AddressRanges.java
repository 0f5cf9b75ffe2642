package io.ringzero.report.symbols;

import java.util.Arrays;

/** Named address ranges sorted by start, looked up by address: a file's functions, the JIT's code blobs. */
final class AddressRanges {

    static final AddressRanges NONE = new AddressRanges(new long[0], new long[0], new String[0]);

    private final long[] starts;
    private final long[] ends;
    private final String[] names;

    /** @param starts ascending; {@code ends[i]} exclusive */
    AddressRanges(long[] starts, long[] ends, String[] names) {
        this.starts = starts;
        this.ends = ends;
        this.names = names;
    }

    /** The name of the range holding the address, null if none does (of ranges with one start, the last one). */
    String at(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && address < ends[i] ? names[i] : null;
    }
}
