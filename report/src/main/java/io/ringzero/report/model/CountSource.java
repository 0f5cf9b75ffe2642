package io.ringzero.report.model;

/** Where the syscall counts of a prediction came from; the report must say which. */
public enum CountSource {
    /** The kernel's own per-syscall totals for the whole process ({@code kernel_oracle}: perf or strace). */
    KERNEL("kernel totals for the whole process"),
    /**
     * What the agent counted in the JDK's natives. The JVM's own syscalls (GC, JIT, class loading,
     * futex, mmap) are not in it, so the saving computed from it is a lower bound.
     */
    JAVA("Java-level counts (JDK natives only; JVM-internal syscalls not included: a lower bound)"),
    /** Numbers given on the command line ({@code --what-if}). */
    GIVEN("numbers given on the command line");

    private final String description;

    CountSource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
