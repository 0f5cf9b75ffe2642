package io.ringzero.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Public: the synthetic class, from another loader, calls its hooks. */
public class CallSitePatcherTest {
    private static final String SELF = "io/ringzero/agent/instrument/CallSitePatcherTest";
    private static final String NATIVES = SELF + "$Natives";
    private static final String[] STATIC_HOOK = {SELF, "staticHook", "(I)I"};
    private static final String[] VIRTUAL_HOOK = {SELF, "virtualHook", "(L" + NATIVES + ";I)I"};
    private static final Map<String, String[]> REPLACEMENTS = Map.of(
            NATIVES + ".target(I)I", STATIC_HOOK,
            NATIVES + ".virtual(I)I", VIRTUAL_HOOK);

    /** Stands for a JDK class with natives; its methods and their hooks give different results. */
    public static class Natives {
        public static int target(int x) { return x + 1; }

        public int virtual(int x) { return x + 2; }

        public static int other(int x) { return x + 4; }
    }

    public static int staticHook(int x) { return x + 1000; }

    public static int virtualHook(Natives n, int x) { return x + 10000; }

    /** Every caller of the real plan that this JDK has, from its image: same instructions as the ASM rewrite. */
    @Test
    void patchesTheJdkLikeTheAsmRewrite() throws Exception {
        Installer installer = new Installer();
        installer.planAll(Installer.class.getClassLoader());
        assertThat(installer.uncovered()).isEmpty();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> modules;
        try (Stream<Path> s = Files.list(jrt.getPath("/modules"))) {
            modules = s.toList();
        }
        int classes = 0, patchedClasses = 0, calls = 0;
        for (Map.Entry<String, Map<String, String[]>> e : installer.plan().entrySet()) {
            byte[] original = read(modules, e.getKey());
            if (original == null) continue;
            classes++;
            ClassReader reader = new ClassReader(original);
            ClassWriter writer = new ClassWriter(reader, 0);
            AsmCallRewriter reference = new AsmCallRewriter(writer, e.getValue());
            reader.accept(reference, 0);

            CallSitePatcher.Result patched = CallSitePatcher.patch(original, e.getValue());
            if (reference.rewritten == 0) {
                assertThat(patched).as(e.getKey()).isNull();
                continue;
            }
            assertThat(patched).as(e.getKey()).isNotNull();
            assertThat(patched.rewritten()).as(e.getKey()).isEqualTo(reference.rewritten);
            byte[] expected = writer.toByteArray();
            assertThat(ClassEvents.calls(patched.classFile())).as(e.getKey()).isEqualTo(ClassEvents.calls(expected));
            assertThat(ClassEvents.of(patched.classFile())).as(e.getKey()).isEqualTo(ClassEvents.of(expected));
            assertOnlyCallsChanged(original, patched);
            patchedClasses++;
            calls += patched.rewritten();
        }
        // JDK 17: 35 callers, 34 of them with 141 calls to rewrite; JDK 25: 33, 30 and 143. Not vacuous.
        assertThat(classes).isGreaterThanOrEqualTo(30);
        assertThat(patchedClasses).isGreaterThanOrEqualTo(28);
        assertThat(calls).isGreaterThanOrEqualTo(130);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void patchesOnlyTheCallsPastSwitchesWideAndIndy(int padding) throws Exception {
        byte[] original = synthetic(padding, false);
        CallSitePatcher.Result patched = CallSitePatcher.patch(original, REPLACEMENTS);

        assertThat(patched).isNotNull();
        assertThat(patched.rewritten()).isEqualTo(3);
        assertThat(ClassEvents.of(patched.classFile())).isEqualTo(ClassEvents.of(synthetic(padding, true)));
        assertOnlyCallsChanged(original, patched);
        // Verified and run: the hooks are called in place of the natives, and the other call is left alone.
        assertThat(run(original)).isEqualTo(run(synthetic(padding, true)) - 2 * 999 - 9998);
        assertThat(run(patched.classFile())).isEqualTo(run(synthetic(padding, true)));
    }

    @Test
    void leavesAClassWithoutPlannedCallsAlone() {
        byte[] unrelated = singleCall("t/Unrelated", NATIVES, "other", "(I)I");
        byte[] otherDescriptor = singleCall("t/OtherDescriptor", NATIVES, "target", "(J)I");
        assertThat(CallSitePatcher.patch(unrelated, REPLACEMENTS)).isNull();
        assertThat(CallSitePatcher.patch(otherDescriptor, REPLACEMENTS)).isNull();
    }

    @Test
    void leavesAMethodHandleToANativeAlone() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "t/Handle", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m", "()Ljava/lang/Object;", null, null);
        mv.visitCode();
        mv.visitLdcInsn(new Handle(Opcodes.H_INVOKESTATIC, NATIVES, "target", "(I)I", false));
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        assertThat(CallSitePatcher.patch(cw.toByteArray(), REPLACEMENTS)).isNull();
    }

    @Test
    void decodesModifiedUtf8() {
        String owner = "t/\u00dcn\u00efc\u00f6d\u0000\u20ac\ud834\udd1e"; // 2-byte, NUL, 3-byte and a surrogate pair
        byte[] original = singleCall("t/Caller", owner, "target", "(I)I");
        CallSitePatcher.Result patched = CallSitePatcher.patch(original, Map.of(owner + ".target(I)I", STATIC_HOOK));
        assertThat(patched).isNotNull();
        assertThat(patched.rewritten()).isEqualTo(1);
        assertThat(ClassEvents.calls(patched.classFile())).containsExactly("m()I #1 methodInsn 184 " + SELF + ".staticHook (I)I false");
        String[] hook = {"t/H\u00e9\u0000\ud834\udd1e", "h\u20ac", "(I)I"};
        patched = CallSitePatcher.patch(original, Map.of(owner + ".target(I)I", hook));
        assertThat(ClassEvents.calls(patched.classFile())).containsExactly("m()I #1 methodInsn 184 " + hook[0] + ".h\u20ac (I)I false");
    }

    @Test
    void givesUpWhenTheHooksDoNotFitTheConstantPool() {
        // The hook adds 6 entries (owner Utf8 and Class, name, descriptor, NameAndType, Methodref) to the count.
        byte[] fits = withPoolCount(65535 - 6), full = withPoolCount(65535 - 5);
        CallSitePatcher.Result patched = CallSitePatcher.patch(fits, REPLACEMENTS);
        assertThat(patched).isNotNull();
        assertThat(new ClassReader(patched.classFile()).getItemCount()).isEqualTo(65535);
        assertThat(ClassEvents.calls(patched.classFile())).containsExactly("m()I #1 methodInsn 184 " + SELF + ".staticHook (I)I false");
        assertThat(CallSitePatcher.patch(full, REPLACEMENTS)).isNull();
    }

    private static byte[] withPoolCount(int count) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "t/Full", null, "java/lang/Object", null);
        cw.newUTF8("Code"); // else added last, by toByteArray
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m", "()I", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, NATIVES, "target", "(I)I", false);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(1, 0);
        mv.visitEnd();
        for (int i = 0; cw.newUTF8("filler" + i) < count - 1; i++) { }
        cw.visitEnd();
        byte[] b = cw.toByteArray();
        assertThat(new ClassReader(b).getItemCount()).isEqualTo(count);
        return b;
    }

    /**
     * {@code static int m(int x)}: switches at each alignment (padding nops), a lookupswitch key and a long
     * constant whose bytes read as a call to the planned Methodref, a wide iinc, a double and an invokedynamic,
     * then the calls, with the hooks in place of the natives if {@code hooked}.
     */
    private static byte[] synthetic(int padding, boolean hooked) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "t/Synthetic", null, "java/lang/Object", null);
        int ref = cw.newMethod(NATIVES, "target", "(I)I", false);
        int decoy = (Opcodes.INVOKESTATIC << 16) | ref; // bytes 00 b8 hi lo
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m", "(I)I", null, null);
        mv.visitCode();
        for (int i = 0; i < padding; i++) mv.visitInsn(Opcodes.NOP);
        Label end1 = new Label(), a = new Label(), b = new Label(), c = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitTableSwitchInsn(decoy, decoy + 2, end1, a, b, c);
        for (Label l : new Label[] {a, b, c}) {
            mv.visitLabel(l);
            mv.visitIincInsn(0, 1);
            mv.visitJumpInsn(Opcodes.GOTO, end1);
        }
        mv.visitLabel(end1);
        mv.visitInsn(Opcodes.NOP); // shifts the lookupswitch's alignment against the tableswitch's
        Label end2 = new Label(), d = new Label(), e = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitLookupSwitchInsn(end2, new int[] {-5, decoy}, new Label[] {d, e});
        mv.visitLabel(d);
        mv.visitIincInsn(0, 3);
        mv.visitLabel(e);
        mv.visitIincInsn(0, 300); // wide iinc
        mv.visitLabel(end2);
        mv.visitIntInsn(Opcodes.SIPUSH, (short) (Opcodes.INVOKEVIRTUAL << 8));
        mv.visitVarInsn(Opcodes.ISTORE, 300); // wide istore
        mv.visitLdcInsn(((long) Opcodes.INVOKESPECIAL << 40) | ((long) ref << 24)); // ldc2_w
        mv.visitInsn(Opcodes.POP2);
        mv.visitLdcInsn(2.5d);
        mv.visitInsn(Opcodes.POP2);
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitInvokeDynamicInsn("concat", "(I)Ljava/lang/String;", new Handle(Opcodes.H_INVOKESTATIC,
                "java/lang/invoke/StringConcatFactory", "makeConcatWithConstants", "(Ljava/lang/invoke/MethodHandles$Lookup;"
                + "Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/invoke/CallSite;",
                false), "x\u0001");
        mv.visitInsn(Opcodes.POP);
        mv.visitTypeInsn(Opcodes.NEW, NATIVES);
        mv.visitInsn(Opcodes.DUP);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, NATIVES, "<init>", "()V", false);
        mv.visitVarInsn(Opcodes.ASTORE, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        call(mv, hooked, Opcodes.INVOKESTATIC, "target", STATIC_HOOK);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.SWAP);
        call(mv, hooked, Opcodes.INVOKEVIRTUAL, "virtual", VIRTUAL_HOOK);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, NATIVES, "other", "(I)I", false);
        call(mv, hooked, Opcodes.INVOKESTATIC, "target", STATIC_HOOK);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void call(MethodVisitor mv, boolean hooked, int opcode, String name, String[] hook) {
        if (hooked) mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook[0], hook[1], hook[2], false);
        else mv.visitMethodInsn(opcode, NATIVES, name, "(I)I", false);
    }

    private static byte[] singleCall(String className, String owner, String name, String desc) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, className, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m", "()I", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        if (desc.startsWith("(J")) mv.visitInsn(Opcodes.I2L);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, desc, false);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** The bytes after the constant pool are the same but for the rewritten instructions, now invokestatic. */
    private static void assertOnlyCallsChanged(byte[] original, CallSitePatcher.Result patched) {
        byte[] out = patched.classFile();
        int poolEnd = new ClassReader(original).header, shift = new ClassReader(out).header - poolEnd;
        assertThat(out.length - original.length).isEqualTo(shift);
        assertThat(java.util.Arrays.copyOfRange(out, 0, 8)).isEqualTo(java.util.Arrays.copyOfRange(original, 0, 8));
        assertThat(java.util.Arrays.copyOfRange(out, 10, poolEnd)).isEqualTo(java.util.Arrays.copyOfRange(original, 10, poolEnd));
        // A rewritten call may differ in its opcode, or only in one of its index bytes: its start is up to 2 bytes back.
        List<Integer> changed = new ArrayList<>();
        int covered = poolEnd;
        for (int i = poolEnd; i < original.length; i++) {
            if (original[i] == out[i + shift] || i < covered) continue;
            int start = -1;
            for (int j = Math.max(covered, i - 2); j <= i && start < 0; j++) {
                int op = original[j] & 0xFF;
                if (op >= Opcodes.INVOKEVIRTUAL && op <= Opcodes.INVOKESTATIC && (out[j + shift] & 0xFF) == Opcodes.INVOKESTATIC) start = j;
            }
            assertThat(start).as("a changed byte at %d outside a call instruction", i).isGreaterThanOrEqualTo(0);
            changed.add(start);
            covered = start + 3;
        }
        assertThat(changed).hasSize(patched.rewritten());
    }

    private static int run(byte[] classFile) throws Exception {
        ClassLoader loader = new ClassLoader(CallSitePatcherTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (!name.equals("t.Synthetic")) throw new ClassNotFoundException(name);
                return defineClass(name, classFile, 0, classFile.length);
            }
        };
        Method m = loader.loadClass("t.Synthetic").getMethod("m", int.class);
        return (int) m.invoke(null, 7);
    }

    private static byte[] read(List<Path> modules, String internalName) throws Exception {
        for (Path module : modules) {
            Path p = module.resolve(internalName + ".class");
            if (Files.exists(p)) return Files.readAllBytes(p);
        }
        return null;
    }
}
