package io.ringzero.agent.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites each call instruction to a counted native into an {@code invokestatic} of its hook, directly in the
 * class file's bytes. The hook takes the receiver (if any) and the same arguments, and both instructions are 3
 * bytes long, so the operand stack, every offset, the StackMapTable, the exception tables and max stack/locals
 * stay as they are: only the constant pool grows, and each patched instruction is overwritten in place.
 *
 * <p>Not ASM: a read-and-write through ASM costs ~75 ms of interpreted start-up over the ~20 JDK classes
 * transformed at start-up (and JIT time afterwards), where this touches little more than the constant pool.
 */
final class CallSitePatcher {
    private static final int UTF8 = 1, CLASS = 7, METHODREF = 10, NAME_AND_TYPE = 12;
    private static final int INVOKEVIRTUAL = 0xb6, INVOKESPECIAL = 0xb7, INVOKESTATIC = 0xb8;

    private final byte[] b;
    /** "owner/internal/Name.method(desc)" -> {hook owner, hook name, hook descriptor}. */
    private final Map<String, String[]> replacements;
    /** Offset of each constant pool entry's tag; 0 for index 0 and the unusable slot after a Long or Double. */
    private int[] entry;
    private String[] utf8;
    private int poolEnd;
    private int rewritten;

    private CallSitePatcher(byte[] classFile, Map<String, String[]> replacements) {
        this.b = classFile;
        this.replacements = replacements;
    }

    /** How many call instructions {@link #patch} rewrote: the patched class, and its count. */
    record Result(byte[] classFile, int rewritten) { }

    /**
     * The class with every call to a key of {@code replacements} redirected, or null if it has no such call, or
     * if the hooks' constant pool entries would not fit (the caller then leaves the class as it is).
     */
    static Result patch(byte[] classFile, Map<String, String[]> replacements) {
        CallSitePatcher p = new CallSitePatcher(classFile, replacements);
        byte[] out = p.patch();
        return out == null ? null : new Result(out, p.rewritten);
    }

    private byte[] patch() {
        if (u4(0) != 0xCAFEBABE) throw new IllegalArgumentException("not a class file");
        int count = u2(8);
        readPool(count);
        String[][] hookOf = new String[count][];
        boolean any = false;
        for (int i = 1; i < count; i++) {
            // Only Methodref: every counted native is a class method, never an interface's.
            if (entry[i] == 0 || b[entry[i]] != METHODREF) continue;
            String[] hook = replacements.get(methodKey(i));
            if (hook != null) {
                hookOf[i] = hook;
                any = true;
            }
        }
        if (!any) return null; // the common case when a planned native is only declared, not called, here
        List<int[]> sites = callSites(hookOf); // {offset, methodref index}
        if (sites.isEmpty()) return null; // referenced only by a method handle constant, say: not a call site

        Pool added = new Pool(count);
        Map<String[], Integer> hookIndex = new HashMap<>();
        for (int[] site : sites) {
            String[] hook = hookOf[site[1]];
            Integer index = hookIndex.get(hook);
            if (index == null) hookIndex.put(hook, index = added.methodref(hook[0], hook[1], hook[2]));
            site[1] = index;
        }
        if (added.next > 0xFFFF) return null; // constant_pool_count is a u2

        byte[] extra = added.bytes();
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, poolEnd);
        System.arraycopy(extra, 0, out, poolEnd, extra.length);
        System.arraycopy(b, poolEnd, out, poolEnd + extra.length, b.length - poolEnd);
        out[8] = (byte) (added.next >>> 8);
        out[9] = (byte) added.next;
        for (int[] site : sites) {
            int at = site[0] + extra.length;
            out[at] = (byte) INVOKESTATIC;
            out[at + 1] = (byte) (site[1] >>> 8);
            out[at + 2] = (byte) site[1];
        }
        rewritten = sites.size();
        return out;
    }

    private void readPool(int count) {
        entry = new int[count];
        utf8 = new String[count];
        int at = 10;
        for (int i = 1; i < count; i++) {
            entry[i] = at;
            int tag = b[at];
            switch (tag) {
                case UTF8 -> at += 3 + u2(at + 1);
                case 3, 4, 9, METHODREF, 11, NAME_AND_TYPE, 17, 18 -> at += 5; // Integer, Float, refs, (Invoke)Dynamic
                case 5, 6 -> { // Long and Double take two slots
                    at += 9;
                    i++;
                }
                case CLASS, 8, 16, 19, 20 -> at += 3; // Class, String, MethodType, Module, Package
                case 15 -> at += 4; // MethodHandle
                default -> throw new IllegalArgumentException("constant pool tag " + tag + " at entry " + i);
            }
        }
        poolEnd = at;
    }

    private String methodKey(int methodref) {
        int ref = entry[methodref];
        int owner = u2(entry[u2(ref + 1)] + 1);
        int nameAndType = entry[u2(ref + 3)];
        return utf8(owner) + '.' + utf8(u2(nameAndType + 1)) + utf8(u2(nameAndType + 3));
    }

    /** Entry {@code i}, decoded from modified UTF-8 (a class file's own encoding, not standard UTF-8). */
    private String utf8(int i) {
        String s = utf8[i];
        if (s != null) return s;
        int at = entry[i] + 3, end = at + u2(entry[i] + 1);
        char[] c = new char[end - at];
        int n = 0;
        while (at < end) {
            int x = b[at++] & 0xFF;
            if (x < 0x80) {
                c[n++] = (char) x;
            } else if ((x & 0xE0) == 0xC0) { // 2 bytes, including the encoded NUL (C0 80)
                c[n++] = (char) ((x & 0x1F) << 6 | b[at++] & 0x3F);
            } else if ((x & 0xF0) == 0xE0) { // 3 bytes; a supplementary character is two of these, one per surrogate
                c[n++] = (char) ((x & 0x0F) << 12 | (b[at] & 0x3F) << 6 | b[at + 1] & 0x3F);
                at += 2;
            } else {
                throw new IllegalArgumentException("malformed modified UTF-8 in constant pool entry " + i);
            }
        }
        return utf8[i] = new String(c, 0, n);
    }

    /** Every call instruction to a hooked Methodref, found by decoding each method's code an instruction at a time. */
    private List<int[]> callSites(String[][] hookOf) {
        List<int[]> sites = new ArrayList<>();
        int at = poolEnd + 6; // access_flags, this_class, super_class
        at += 2 + 2 * u2(at); // interfaces
        at = skipMembers(at, null, null);
        skipMembers(at, hookOf, sites);
        return sites;
    }

    /** Skips the fields or methods that start at {@code at}; for methods ({@code sites} non-null), scans their Code. */
    private int skipMembers(int at, String[][] hookOf, List<int[]> sites) {
        int members = u2(at);
        at += 2;
        for (int m = 0; m < members; m++) {
            int attributes = u2(at + 6); // after access_flags, name_index, descriptor_index
            at += 8;
            for (int a = 0; a < attributes; a++) {
                int length = u4(at + 2);
                if (sites != null && isCode(u2(at))) {
                    int codeStart = at + 14; // name, length, max_stack, max_locals, code_length
                    scan(codeStart, codeStart + u4(at + 10), hookOf, sites);
                }
                at += 6 + length;
            }
        }
        return at;
    }

    private boolean isCode(int nameIndex) {
        int e = entry[nameIndex];
        return b[e] == UTF8 && u2(e + 1) == 4 && b[e + 3] == 'C' && b[e + 4] == 'o' && b[e + 5] == 'd' && b[e + 6] == 'e';
    }

    private void scan(int start, int end, String[][] hookOf, List<int[]> sites) {
        int at = start;
        while (at < end) {
            int op = b[at] & 0xFF;
            if (op == INVOKEVIRTUAL || op == INVOKESPECIAL || op == INVOKESTATIC) {
                int ref = u2(at + 1);
                if (hookOf[ref] != null) sites.add(new int[] {at, ref});
            }
            at += length(op, at, start);
        }
        if (at != end) throw new IllegalArgumentException("code overruns its attribute");
    }

    /** The length of the instruction at {@code at}, whose code array starts at {@code start}. */
    private int length(int op, int at, int start) {
        switch (op) {
            case 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc:
                return 2; // bipush, ldc, loads and stores with an index, ret, newarray
            case 0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7:
                return 3; // sipush, ldc_w, ldc2_w, iinc, field and method refs, new, anewarray, checkcast, instanceof, ifnull
            case 0xc5:
                return 4; // multianewarray
            case 0xb9, 0xba, 0xc8, 0xc9:
                return 5; // invokeinterface, invokedynamic, goto_w, jsr_w
            case 0xc4:
                return (b[at + 1] & 0xFF) == 0x84 ? 6 : 4; // wide iinc; wide load, store or ret
            case 0xaa: { // tableswitch: padded so that its operands are 4-byte aligned from the code's start
                int operands = start + ((at - start + 4) & ~3);
                return operands - at + 12 + 4 * (u4(operands + 8) - u4(operands + 4) + 1);
            }
            case 0xab: { // lookupswitch: same padding
                int operands = start + ((at - start + 4) & ~3);
                return operands - at + 8 + 8 * u4(operands + 4);
            }
            default:
                if (op >= 0x99 && op <= 0xa8) return 3; // conditional branches, goto, jsr
                if (op <= 0xc3) return 1;
                throw new IllegalArgumentException("opcode " + op + " at code offset " + (at - start));
        }
    }

    private int u2(int at) { return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF; }

    private int u4(int at) { return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF; }

    /** The entries appended for the hooks, each shared by every entry that refers to it. */
    private static final class Pool {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final java.io.DataOutputStream data = new java.io.DataOutputStream(out);
        private final Map<String, Integer> known = new HashMap<>();
        int next;

        Pool(int count) { next = count; }

        int methodref(String owner, String name, String desc) {
            return entry(METHODREF, "M" + owner + '.' + name + desc, classRef(owner), nameAndType(name, desc));
        }

        private int nameAndType(String name, String desc) {
            return entry(NAME_AND_TYPE, "N" + name + ' ' + desc, utf8(name), utf8(desc));
        }

        private int classRef(String name) { return entry(CLASS, "C" + name, utf8(name), -1); }

        private int utf8(String s) {
            Integer i = known.get("U" + s);
            if (i != null) return i;
            try {
                data.writeByte(UTF8);
                data.writeUTF(s); // modified UTF-8, as the class file format wants
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e); // only a string too long for a class file
            }
            known.put("U" + s, next);
            return next++;
        }

        private int entry(int tag, String key, int first, int second) {
            Integer i = known.get(key);
            if (i != null) return i;
            out.write(tag);
            out.write(first >>> 8);
            out.write(first);
            if (second >= 0) {
                out.write(second >>> 8);
                out.write(second);
            }
            known.put(key, next);
            return next++;
        }

        byte[] bytes() { return out.toByteArray(); }
    }
}
