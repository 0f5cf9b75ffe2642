package io.ringzero.report.symbols;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Whether the bytes of a file just before an offset are an x86-64 call instruction, so that the address after it is
 * a return address: {@code call rel32} (E8), {@code call *disp32(%rip)} (FF 15, through the GOT), and the indirect
 * calls through a register ({@code call *%reg}, {@code *(%reg)}, {@code *disp8(%reg)}, {@code *disp32(%reg)}).
 */
final class CallInstruction {
    private CallInstruction() {
    }

    /**
     * True or false from the file; true as well when the file cannot be read any more (a library unpacked to a
     * temporary file and deleted at exit): inside a mapped file's code, a word is then taken for a return address.
     */
    static boolean endsAt(Path file, long offset) {
        if (offset < 8) {
            return false;
        }
        byte[] b = new byte[8];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset - 8);
            f.readFully(b);
        } catch (IOException e) {
            return true;
        }
        return isCallBefore(b);
    }

    /** @param b the 8 bytes before the address */
    static boolean isCallBefore(byte[] b) {
        int b2 = b[2] & 0xff, b3 = b[3] & 0xff, b5 = b[5] & 0xff, b6 = b[6] & 0xff, b7 = b[7] & 0xff;
        return b3 == 0xe8
                || b2 == 0xff && (b3 == 0x15 || (b3 & 0xf8) == 0x90)
                || b6 == 0xff && ((b7 & 0xf8) == 0xd0 || (b7 & 0xf8) == 0x10)
                || b5 == 0xff && (b6 & 0xf8) == 0x50;
    }
}
