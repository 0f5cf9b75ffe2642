package io.ringzero.agent.hook;

/**
 * glibc reads a directory with getdents64 into a 32 KiB buffer: one call per buffer filled, and a last one
 * that returns 0. Replaying the entries' record sizes in the order they were read gives the exact number of
 * calls. One instance per directory stream.
 */
final class DirectoryBuffer {
    private static final int SIZE = 32768;
    private long used = -1; // no buffer read yet

    /** One more entry read: whether glibc had to fill a new buffer (one getdents64) to return it. */
    boolean entry(int nameBytes) {
        long reclen = (19 + nameBytes + 1 + 7) & ~7L; // struct linux_dirent64, 8-byte aligned
        boolean refill = used < 0 || used + reclen > SIZE;
        if (refill) used = 0;
        used += reclen;
        return refill;
    }

    /** The end of the directory (the getdents64 that returned 0): reading it again starts a new buffer. */
    void end() { used = -1; }
}
