package io.ringzero.report.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints {@code AT_SYSINFO=0x...} when this process runs in ring 0 under KML, {@code AT_SYSINFO=none}
 * otherwise. On x86_64 only a kernel-mode process gets AT_SYSINFO (type 32) in its auxiliary vector: it
 * points at the kernel's entry for a call-path syscall. Exit code 0 in ring 0, 3 otherwise.
 */
public final class AuxvProbe {

    static final long AT_NULL = 0;
    static final long AT_SYSINFO = 32;

    private AuxvProbe() {
    }

    public static void main(String[] args) throws IOException {
        long sysinfo = atSysinfo(Files.readAllBytes(Path.of("/proc/self/auxv")));
        System.out.println(sysinfo == 0 ? "AT_SYSINFO=none" : "AT_SYSINFO=0x" + Long.toHexString(sysinfo));
        System.exit(sysinfo == 0 ? 3 : 0);
    }

    /** The AT_SYSINFO value of an auxiliary vector (pairs of native longs), 0 when absent. */
    static long atSysinfo(byte[] auxv) {
        ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 16) {
            long type = b.getLong();
            long value = b.getLong();
            if (type == AT_NULL) {
                break;
            }
            if (type == AT_SYSINFO) {
                return value;
            }
        }
        return 0;
    }
}
