package io.ringzero.agent.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the class file of one bridge (see {@link NativeBridges}): straight-line methods that load their
 * arguments, call one method or read one field, and return. No branch, so no stack map frames; that is the
 * whole shape, which is why this is a page of code and not ASM: loading and running ASM in a JVM that is
 * just starting cost ~15 ms of the agent's start-up (measured; NativeBridges' own reflection is the rest).
 */
final class BridgeClassFile {
    private static final int V17 = 61, ACC_PUBLIC = 0x0001, ACC_PRIVATE = 0x0002, ACC_STATIC = 0x0008,
            ACC_FINAL = 0x0010, ACC_SYNTHETIC = 0x1000;
    private static final String UNSUPPORTED = "java/lang/UnsupportedOperationException";

    private final ByteArrayOutputStream poolBytes = new ByteArrayOutputStream();
    private final DataOutputStream pool = new DataOutputStream(poolBytes);
    private final Map<String, Integer> entries = new HashMap<>();
    private int count = 1;
    private final List<byte[]> methods = new ArrayList<>();
    private final String name;
    private final int interfaceIndex;

    /** A final class {@code name} implementing {@code api}, whose initializer hands its instance to {@code madeOwner.made(Object)}. */
    BridgeClassFile(String name, Class<?> api, String madeOwner) {
        this.name = name;
        method(ACC_PRIVATE, "<init>", "()V", 1, 1, code()
                .op(0x2a).op(0xb7).u2(methodRef("java/lang/Object", "<init>", "()V", false)).op(0xb1));
        method(ACC_STATIC, "<clinit>", "()V", 2, 0, code()
                .op(0xbb).u2(classRef(name)).op(0x59).op(0xb7).u2(methodRef(name, "<init>", "()V", false))
                .op(0xb8).u2(methodRef(madeOwner, "made", "(Ljava/lang/Object;)V", false)).op(0xb1));
        interfaceIndex = classRef(JvmNames.internal(api));
    }

    /** {@code m} calls {@code target}: the receiver (for an instance method) and arguments in order, cast where the types differ. */
    void call(Method m, Method target) {
        boolean isStatic = Modifier.isStatic(target.getModifiers());
        Class<?>[] want = m.getParameterTypes();
        Code c = code();
        int slot = 1;
        for (int i = 0; i < want.length; i++) {
            c.op(loadOpcode(want[i])).op(slot);
            slot += size(want[i]);
            Class<?> param = isStatic ? target.getParameterTypes()[i] : i == 0 ? target.getDeclaringClass() : target.getParameterTypes()[i - 1];
            if (!param.isPrimitive() && param != want[i]) c.op(0xc0).u2(classRef(JvmNames.internal(param)));
        }
        int ref = methodRef(JvmNames.internal(target.getDeclaringClass()), target.getName(), JvmNames.descriptor(target), false);
        c.op(isStatic ? 0xb8 : 0xb6).u2(ref).op(returnOpcode(m.getReturnType()));
        method(ACC_PUBLIC, m.getName(), JvmNames.descriptor(m), Math.max(slot - 1, size(m.getReturnType())), slot, c);
    }

    /** {@code m} returns the field {@code f} of its one argument. */
    void get(Method m, Field f) {
        Code c = code().op(0x2b);
        if (m.getParameterTypes()[0] != f.getDeclaringClass()) c.op(0xc0).u2(classRef(JvmNames.internal(f.getDeclaringClass())));
        int ref = member(9, JvmNames.internal(f.getDeclaringClass()), f.getName(), f.getType().descriptorString());
        c.op(0xb4).u2(ref).op(returnOpcode(f.getType()));
        method(ACC_PUBLIC, m.getName(), JvmNames.descriptor(m), Math.max(1, size(f.getType())), 2, c);
    }

    /** {@code m} throws UnsupportedOperationException(what). */
    void unsupported(Method m, String what) {
        int slots = 1;
        for (Class<?> p : m.getParameterTypes()) slots += size(p);
        Code c = code().op(0xbb).u2(classRef(UNSUPPORTED)).op(0x59).op(0x13).u2(string(what))
                .op(0xb7).u2(methodRef(UNSUPPORTED, "<init>", "(Ljava/lang/String;)V", false)).op(0xbf);
        method(ACC_PUBLIC, m.getName(), JvmNames.descriptor(m), 3, slots, c);
    }

    byte[] toByteArray() {
        try {
            int thisClass = classRef(name);
            int superClass = classRef("java/lang/Object");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(V17);
            out.writeShort(count);
            pool.flush();
            poolBytes.writeTo(out);
            out.writeShort(ACC_FINAL | ACC_SYNTHETIC);
            out.writeShort(thisClass);
            out.writeShort(superClass);
            out.writeShort(1);
            out.writeShort(interfaceIndex);
            out.writeShort(0); // fields
            out.writeShort(methods.size());
            for (byte[] m : methods) out.write(m);
            out.writeShort(0); // attributes
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void method(int access, String methodName, String desc, int maxStack, int maxLocals, Code code) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(access);
            out.writeShort(utf8(methodName));
            out.writeShort(utf8(desc));
            out.writeShort(1);
            out.writeShort(utf8("Code"));
            out.writeInt(12 + code.bytes.size());
            out.writeShort(maxStack);
            out.writeShort(maxLocals);
            out.writeInt(code.bytes.size());
            code.bytes.writeTo(out);
            out.writeShort(0); // exception table
            out.writeShort(0); // attributes
            methods.add(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Code code() { return new Code(); }

    /** A method's bytecode. */
    private static final class Code {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Code op(int b) {
            bytes.write(b);
            return this;
        }

        Code u2(int v) {
            bytes.write(v >>> 8);
            bytes.write(v);
            return this;
        }
    }

    private int utf8(String s) {
        return entry("1" + s, 1, s, 0, 0);
    }

    private int classRef(String internalName) {
        return entry("7" + internalName, 7, null, utf8(internalName), -1);
    }

    private int string(String s) {
        return entry("8" + s, 8, null, utf8(s), -1);
    }

    private int methodRef(String owner, String methodName, String desc, boolean itf) {
        return member(itf ? 11 : 10, owner, methodName, desc);
    }

    private int member(int tag, String owner, String memberName, String desc) {
        int nameAndType = entry("12" + memberName + ' ' + desc, 12, null, utf8(memberName), utf8(desc));
        return entry(tag + owner + '.' + memberName + ' ' + desc, tag, null, classRef(owner), nameAndType);
    }

    /** An entry of the pool, written once: Utf8 (text), or one or two u2 indexes (second -1: none). */
    private int entry(String key, int tag, String text, int a, int b) {
        Integer known = entries.get(key);
        if (known != null) return known;
        try {
            pool.writeByte(tag);
            if (text != null) pool.writeUTF(text); // modified UTF-8, as class files want
            else {
                pool.writeShort(a);
                if (b >= 0) pool.writeShort(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.put(key, count);
        return count++;
    }


    private static int size(Class<?> t) {
        return t == void.class ? 0 : t == long.class || t == double.class ? 2 : 1;
    }

    private static int loadOpcode(Class<?> t) {
        if (!t.isPrimitive()) return 0x19;          // aload
        if (t == long.class) return 0x16;           // lload
        if (t == float.class) return 0x17;          // fload
        if (t == double.class) return 0x18;         // dload
        return 0x15;                                // iload: int, boolean, byte, char, short
    }

    private static int returnOpcode(Class<?> t) {
        if (t == void.class) return 0xb1;
        if (!t.isPrimitive()) return 0xb0;
        if (t == long.class) return 0xad;
        if (t == float.class) return 0xae;
        if (t == double.class) return 0xaf;
        return 0xac;
    }
}
