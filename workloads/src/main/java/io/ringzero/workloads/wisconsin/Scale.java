package io.ringzero.workloads.wisconsin;

import java.util.Locale;

/**
 * Size of the benchmark database. {@link #TENK} is the size sql-bench and the 2005 KML experiment
 * used; {@link #SMALL} exists so tests can run the whole query set in well under a second.
 *
 * <p>ONEKTUP and BPRIME are always a tenth of TENK1, as in the benchmark, and every selection
 * constant is scaled by {@link #scaled(int)} so each query keeps its selectivity at any size.
 */
public enum Scale {
    TENK(10_000),
    SMALL(1_000);

    private final int tenkRows;

    Scale(int tenkRows) {
        this.tenkRows = tenkRows;
    }

    /** Rows in TENK1 and in TENK2. */
    public int tenkRows() {
        return tenkRows;
    }

    /** Rows in ONEKTUP and in BPRIME. */
    public int onekRows() {
        return tenkRows / 10;
    }

    /** A constant that sql-bench writes for a 10,000-tuple TENK1, moved to this size. */
    public int scaled(int constantAtTenk) {
        return (int) ((long) constantAtTenk * tenkRows / TENK.tenkRows);
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scale fromCliName(String name) {
        for (Scale s : values()) {
            if (s.cliName().equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scale '" + name + "' (known: tenk, small)");
    }
}
