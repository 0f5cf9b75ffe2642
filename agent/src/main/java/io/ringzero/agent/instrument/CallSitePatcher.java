package io.ringzero.agent.instrument;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** A patched class, and how many call instructions were rewritten in it. */
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
        String[][] hookOf = plannedMethodrefs(count);
        if (hookOf == null) return null; // the common case when a planned native is only declared, not called, here
        List<int[]> sites = callSites(hookOf); // {offset, methodref index}
        if (sites.isEmpty()) return null; // referenced only by a method handle constant, say: not a call site

        Pool added = new Pool(count);
        int[] replacedBy = new int[count];
        for (int[] site : sites) {
            int ref = site[1];
            if (replacedBy[ref] == 0) replacedBy[ref] = added.methodref(hookOf[ref][0], hookOf[ref][1], hookOf[ref][2]);
            site[1] = replacedBy[ref];
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

    /** Each Methodref's hook if it is planned, by constant pool index; null if none is. */
    private String[][] plannedMethodrefs(int count) {
        // Most Methodrefs are rejected by comparing their name's bytes with the few planned names, without
        // decoding a string: this runs in the interpreter, over every Methodref of the class.
        List<byte[]> names = new ArrayList<>();
        int longest = 0;
        for (String key : replacements.keySet()) {
            int paren = key.indexOf('(');
            byte[] name = modifiedUtf8(key.substring(key.lastIndexOf('.', paren) + 1, paren));
            names.add(name);
            longest = Math.max(longest, name.length);
        }
        boolean[] nameLength = new boolean[longest + 1];
        for (byte[] name : names) nameLength[name.length] = true;
        String[][] hookOf = new String[count][];
        boolean any = false;
        for (int i = 1; i < count; i++) {
            // Only Methodref: every counted native is a class method, never an interface's.
            if (entry[i] == 0 || b[entry[i]] != METHODREF) continue;
            int nameAndType = entry[u2(entry[i] + 3)], name = u2(nameAndType + 1);
            int length = u2(entry[name] + 1);
            if (length > longest || !nameLength[length] || !isOneOf(name, names)) continue;
            String owner = utf8(u2(entry[u2(entry[i] + 1)] + 1));
            // StringBuilder, not +: each + call site's invokedynamic bootstrap costs start-up time.
            String[] hook = replacements.get(new StringBuilder().append(owner).append('.').append(utf8(name))
                    .append(utf8(u2(nameAndType + 3))).toString());
            if (hook != null) {
                hookOf[i] = hook;
                any = true;
            }
        }
        return any ? hookOf : null;
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

    private boolean isOneOf(int utf8Index, List<byte[]> names) {
        int at = entry[utf8Index] + 3, length = u2(at - 2);
        for (byte[] name : names) {
            if (name.length != length) continue;
            int k = 0;
            while (k < length && name[k] == b[at + k]) k++;
            if (k == length) return true;
        }
        return false;
    }

    /** Modified UTF-8: NUL in 2 bytes, and a supplementary character as its two surrogates, 3 bytes each. */
    static byte[] modifiedUtf8(String s) {
        byte[] out = new byte[3 * s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != 0 && c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        if (n > 0xFFFF) throw new IllegalArgumentException("string too long for a class file");
        return Arrays.copyOf(out, n);
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

    /**
     * Each opcode's instruction length, 0 for the switches and wide (their own length) and for the undefined.
     * A table, not a switch: this loop runs over every instruction of the class in the interpreter.
     */
    private static final byte[] LENGTH = new byte[256];

    static {
        Arrays.fill(LENGTH, 0, 0xc4, (byte) 1);
        // bipush, ldc, loads and stores with an index, ret, newarray
        for (int op : new int[] {0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc}) LENGTH[op] = 2;
        // sipush, ldc_w, ldc2_w, iinc, field and method refs, new, anewarray, checkcast, instanceof, ifnull, ifnonnull
        for (int op : new int[] {0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7}) {
            LENGTH[op] = 3;
        }
        for (int op = 0x99; op <= 0xa8; op++) LENGTH[op] = 3; // conditional branches, goto, jsr
        LENGTH[0xc5] = 4; // multianewarray
        for (int op : new int[] {0xb9, 0xba, 0xc8, 0xc9}) LENGTH[op] = 5; // invokeinterface, invokedynamic, goto_w, jsr_w
        LENGTH[0xaa] = LENGTH[0xab] = 0;
    }

    private void scan(int start, int end, String[][] hookOf, List<int[]> sites) {
        byte[] code = b;
        int at = start;
        while (at < end) {
            int op = code[at] & 0xFF, length = LENGTH[op];
            if (length == 0) {
                length = variableLength(op, at, start);
            } else if (op == INVOKEVIRTUAL || op == INVOKESPECIAL || op == INVOKESTATIC) {
                int ref = (code[at + 1] & 0xFF) << 8 | code[at + 2] & 0xFF;
                if (hookOf[ref] != null) sites.add(new int[] {at, ref});
            }
            at += length;
        }
        if (at != end) throw new IllegalArgumentException("code overruns its attribute");
    }

    /** The length of the switch or wide instruction at {@code at}, whose code array starts at {@code start}. */
    private int variableLength(int op, int at, int start) {
        // A switch's operands are 4-byte aligned from the start of the code: 0 to 3 bytes of padding.
        int operands = start + ((at - start + 4) & ~3);
        switch (op) {
            case 0xaa: // tableswitch: default, low, high, then high - low + 1 offsets
                return operands - at + 12 + 4 * (u4(operands + 8) - u4(operands + 4) + 1);
            case 0xab: // lookupswitch: default, npairs, then npairs (match, offset) pairs
                return operands - at + 8 + 8 * u4(operands + 4);
            case 0xc4: // wide iinc; wide load, store or ret
                return (b[at + 1] & 0xFF) == 0x84 ? 6 : 4;
            default:
                throw new IllegalArgumentException("opcode " + op + " at code offset " + (at - start));
        }
    }

    private int u2(int at) { return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF; }

    private int u4(int at) { return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF; }

    /**
     * The entries appended for the hooks, each shared by every entry that refers to it. A class needs a few
     * hooks at most: found again by a linear search, keyed without building strings.
     */
    private static final class Pool {
        private byte[] out = new byte[256];
        private int size;
        /** Per appended entry: its Utf8 string, or null and the tag and indices it holds. */
        private String[] strings = new String[16];
        private long[] keys = new long[16];
        private final int first;
        int next;

        Pool(int count) { first = next = count; }

        int methodref(String owner, String name, String desc) {
            int classRef = entry(CLASS, utf8(owner), 0);
            return entry(METHODREF, classRef, entry(NAME_AND_TYPE, utf8(name), utf8(desc)));
        }

        private int utf8(String s) {
            for (int i = 0; i < next - first; i++) {
                if (s.equals(strings[i])) return first + i;
            }
            byte[] bytes = modifiedUtf8(s);
            write(UTF8);
            write(bytes.length >>> 8);
            write(bytes.length);
            for (byte x : bytes) write(x);
            return add(s, 0);
        }

        /** A Class (one index, {@code second} 0), NameAndType or Methodref entry. */
        private int entry(int tag, int firstIndex, int second) {
            long key = (long) tag << 32 | (long) firstIndex << 16 | second;
            for (int i = 0; i < next - first; i++) {
                if (strings[i] == null && keys[i] == key) return first + i;
            }
            write(tag);
            write(firstIndex >>> 8);
            write(firstIndex);
            if (tag != CLASS) {
                write(second >>> 8);
                write(second);
            }
            return add(null, key);
        }

        private int add(String string, long key) {
            int i = next - first;
            if (i == strings.length) {
                strings = Arrays.copyOf(strings, 2 * i);
                keys = Arrays.copyOf(keys, 2 * i);
            }
            strings[i] = string;
            keys[i] = key;
            return next++;
        }

        private void write(int x) {
            if (size == out.length) out = Arrays.copyOf(out, 2 * size);
            out[size++] = (byte) x;
        }

        byte[] bytes() { return Arrays.copyOf(out, size); }
    }
}
