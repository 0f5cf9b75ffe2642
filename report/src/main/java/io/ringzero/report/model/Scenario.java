package io.ringzero.report.model;

/** The two ways a JVM can run in ring 0 under KML; they differ in how much of each trap is saved. */
public enum Scenario {
    /**
     * A libc that calls the kernel entry ({@code call *AT_SYSINFO}) instead of executing {@code syscall}:
     * the whole trap becomes a function call. The KML article's patched glibc 2.3.5 did this.
     */
    CALL_PATH("ring 0, call path"),
    /**
     * An unmodified JDK on stock glibc: the {@code syscall} instruction still runs, now in ring 0, and
     * enters the normal path; only part of the privilege change is saved.
     */
    KML_STOCK_GLIBC("KML with an unmodified glibc JVM");

    private final String label;

    Scenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
