package io.ringzero.report.check;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A seccomp filter that allows every syscall after {@code loads} useless instructions, each loading the
 * low word of {@code seccomp_data.args[0]}.
 *
 * <p>The loads are there to cost time: since Linux 5.11 the kernel emulates a filter once per syscall
 * number and caches an "always allow" verdict for filters that never look at the arguments, so a padding
 * of no-ops or of loads of {@code nr} would be free. A load of an argument defeats that cache, and a
 * straight-line program has no branch to skip it: every syscall runs all of them.
 */
public final class SeccompPadding {

    /** BPF_MAXINSNS: the kernel refuses a longer program. One slot goes to the final RET. */
    public static final int MAX_INSTRUCTIONS = 4096;
    public static final int MAX_LOADS = MAX_INSTRUCTIONS - 1;

    static final short BPF_LD_W_ABS = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    static final short BPF_RET_K = 0x06;      // BPF_RET | BPF_K
    /** offsetof(struct seccomp_data, args[0]): int nr, u32 arch, u64 instruction_pointer, then args. */
    static final int ARGS0_OFFSET = 16;
    static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    /** struct sock_filter: u16 code, u8 jt, u8 jf, u32 k. */
    static final int INSTRUCTION_BYTES = 8;

    private final int loads;

    public SeccompPadding(int loads) {
        if (loads < 0 || loads > MAX_LOADS) {
            throw new IllegalArgumentException("a filter holds 0.." + MAX_LOADS + " loads, not " + loads);
        }
        this.loads = loads;
    }

    public int loads() {
        return loads;
    }

    public int instructions() {
        return loads + 1;
    }

    /** The program as the kernel reads it (an array of struct sock_filter, native byte order). */
    public byte[] program() {
        ByteBuffer b = ByteBuffer.allocate(instructions() * INSTRUCTION_BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < loads; i++) {
            put(b, BPF_LD_W_ABS, ARGS0_OFFSET);
        }
        put(b, BPF_RET_K, SECCOMP_RET_ALLOW);
        return b.array();
    }

    private static void put(ByteBuffer b, short code, int k) {
        b.putShort(code).put((byte) 0).put((byte) 0).putInt(k);
    }
}
