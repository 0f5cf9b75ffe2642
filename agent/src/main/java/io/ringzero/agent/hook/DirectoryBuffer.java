package io.ringzero.agent.hook;

/**
 * glibc reads a directory with getdents64 into a 32 KiB buffer: one call per buffer filled, and a last one
 * that returns 0. Replaying the entries' record sizes gives the exact number of calls.
 */
final class DirectoryBuffer {
    static final int SIZE = 32768;

    private DirectoryBuffer() { }

    /** struct linux_dirent64 for a name of {@code nameBytes} bytes, 8-byte aligned. */
    static long recordLength(int nameBytes) { return (19 + nameBytes + 1 + 7) & ~7L; }
}
