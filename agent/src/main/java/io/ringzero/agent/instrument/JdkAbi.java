package io.ringzero.agent.instrument;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Which stat syscalls this JDK's native libraries issue, read from the libraries themselves: a JDK built
 * on glibc before 2.33 imports {@code __fxstat64} (fstat/stat/lstat syscalls), a newer one {@code fstat64}
 * (newfstatat); a libnio that looks {@code statx} up at run time (its name in the read-only data) stats
 * files through statx.
 */
public final class JdkAbi {
    public final boolean legacyStat;
    public final boolean statx;

    private JdkAbi(boolean legacyStat, boolean statx) {
        this.legacyStat = legacyStat;
        this.statx = statx;
    }

    public static JdkAbi of(Path javaHome) {
        return new JdkAbi(holds(javaHome.resolve("lib/libjava.so"), ".dynstr", "__fxstat64"),
                holds(javaHome.resolve("lib/libnio.so"), ".rodata", "statx"));
    }

    /**
     * Whether one section of the library ({@code .dynstr}: imported names; {@code .rodata}: constant strings)
     * holds the name as a NUL-terminated string. Only that section is read, found through the ELF section
     * headers: scanning the whole library cost tens of milliseconds of start-up.
     */
    static boolean holds(Path library, String section, String name) {
        // RandomAccessFile, not FileChannel: java.io is loaded already, NIO's channels (and libnio) may not be
        try (RandomAccessFile ch = new RandomAccessFile(library.toFile(), "r")) {
            ByteBuffer header = read(ch, 0, 64);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2) return false; // not a 64-bit ELF
            long shoff = header.getLong(0x28);
            int shentsize = Short.toUnsignedInt(header.getShort(0x3A));
            int shnum = Short.toUnsignedInt(header.getShort(0x3C));
            int shstrndx = Short.toUnsignedInt(header.getShort(0x3E));
            ByteBuffer sections = read(ch, shoff, shentsize * shnum);
            String sectionNames = text(ch, sections, shstrndx * shentsize);
            for (int i = 0; i < shnum; i++) {
                int nameAt = sections.getInt(i * shentsize);
                if (sectionNames.startsWith(section + "\0", nameAt)) {
                    return ("\0" + text(ch, sections, i * shentsize)).contains("\0" + name + "\0");
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The bytes of the section whose header starts at {@code at}. */
    private static String text(RandomAccessFile ch, ByteBuffer sections, int at) throws IOException {
        return StandardCharsets.ISO_8859_1.decode(read(ch, sections.getLong(at + 0x18), (int) sections.getLong(at + 0x20))).toString();
    }

    private static ByteBuffer read(RandomAccessFile ch, long position, int size) throws IOException {
        byte[] b = new byte[size];
        ch.seek(position);
        ch.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
