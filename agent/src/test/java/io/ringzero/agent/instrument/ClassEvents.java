package io.ringzero.agent.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Attribute;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.ModuleVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.RecordComponentVisitor;
import net.bytebuddy.jar.asm.TypePath;

/**
 * Everything ASM reads from a class file, one line per event, without constant pool indices: two class files
 * with the same lines have the same content however their constant pools are laid out. Instructions carry
 * their method and index in it; labels are named in order of first appearance.
 */
final class ClassEvents {
    private ClassEvents() { }

    static List<String> of(byte[] classFile) {
        List<String> out = new ArrayList<>();
        new ClassReader(classFile).accept(new Recorder(out), 0);
        return out;
    }

    /** Only the method instructions: "method+desc #index opcode owner.name desc itf". */
    static List<String> calls(byte[] classFile) {
        List<String> calls = new ArrayList<>();
        for (String e : of(classFile)) {
            if (e.contains(" methodInsn ")) calls.add(e);
        }
        return calls;
    }

    private static final class Recorder extends ClassVisitor {
        private final List<String> out;

        Recorder(List<String> out) {
            super(Opcodes.ASM9);
            this.out = out;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            out.add("class " + version + " " + access + " " + name + " " + signature + " " + superName + " " + Arrays.toString(interfaces));
        }

        @Override
        public void visitSource(String source, String debug) { out.add("source " + source + " " + debug); }

        @Override
        public ModuleVisitor visitModule(String name, int access, String version) {
            out.add("module " + name);
            return null;
        }

        @Override
        public void visitNestHost(String nestHost) { out.add("nestHost " + nestHost); }

        @Override
        public void visitOuterClass(String owner, String name, String descriptor) { out.add("outer " + owner + " " + name + " " + descriptor); }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) { return annotation("annotation " + descriptor + " " + visible); }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
            return annotation("typeAnnotation " + typeRef + " " + typePath + " " + descriptor + " " + visible);
        }

        @Override
        public void visitAttribute(Attribute attribute) { out.add("attribute " + attribute.type); }

        @Override
        public void visitNestMember(String nestMember) { out.add("nestMember " + nestMember); }

        @Override
        public void visitPermittedSubclass(String permittedSubclass) { out.add("permitted " + permittedSubclass); }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            out.add("inner " + name + " " + outerName + " " + innerName + " " + access);
        }

        @Override
        public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
            out.add("recordComponent " + name + " " + descriptor + " " + signature);
            return null;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            out.add("field " + access + " " + name + " " + descriptor + " " + signature + " " + constant(value));
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String d, boolean visible) { return annotation("  annotation " + d + " " + visible); }

                @Override
                public void visitAttribute(Attribute attribute) { out.add("  attribute " + attribute.type); }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String method = name + descriptor;
            out.add("method " + access + " " + method + " " + signature + " " + Arrays.toString(exceptions));
            return new MethodVisitor(Opcodes.ASM9) {
                private final Map<Label, String> labels = new IdentityHashMap<>();
                private int index;

                private String label(Label l) {
                    String n = labels.get(l);
                    if (n == null) labels.put(l, n = "L" + labels.size());
                    return n;
                }

                private void insn(String what) { out.add(method + " #" + index++ + " " + what); }

                private String frameItems(int n, Object[] items) {
                    List<String> s = new ArrayList<>();
                    for (int i = 0; i < n; i++) s.add(items[i] instanceof Label l ? label(l) : String.valueOf(items[i]));
                    return s.toString();
                }

                @Override
                public void visitParameter(String n, int access) { out.add(method + " parameter " + n + " " + access); }

                @Override
                public AnnotationVisitor visitAnnotationDefault() { return annotation(method + " annotationDefault"); }

                @Override
                public AnnotationVisitor visitAnnotation(String d, boolean visible) { return annotation(method + " annotation " + d + " " + visible); }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String d, boolean visible) {
                    return annotation(method + " parameterAnnotation " + parameter + " " + d + " " + visible);
                }

                @Override
                public void visitAttribute(Attribute attribute) { out.add(method + " attribute " + attribute.type); }

                @Override
                public void visitCode() { out.add(method + " code"); }

                @Override
                public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                    out.add(method + " frame " + type + " " + frameItems(numLocal, local) + " " + frameItems(numStack, stack));
                }

                @Override
                public void visitInsn(int opcode) { insn("insn " + opcode); }

                @Override
                public void visitIntInsn(int opcode, int operand) { insn("intInsn " + opcode + " " + operand); }

                @Override
                public void visitVarInsn(int opcode, int var) { insn("varInsn " + opcode + " " + var); }

                @Override
                public void visitTypeInsn(int opcode, String type) { insn("typeInsn " + opcode + " " + type); }

                @Override
                public void visitFieldInsn(int opcode, String owner, String n, String d) { insn("fieldInsn " + opcode + " " + owner + "." + n + " " + d); }

                @Override
                public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                    insn("methodInsn " + opcode + " " + owner + "." + n + " " + d + " " + itf);
                }

                @Override
                public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                    List<String> a = new ArrayList<>();
                    for (Object o : args) a.add(constant(o));
                    insn("indy " + n + " " + d + " " + bsm + " " + a);
                }

                @Override
                public void visitJumpInsn(int opcode, Label l) { insn("jump " + opcode + " " + label(l)); }

                @Override
                public void visitLabel(Label l) { out.add(method + " label " + label(l)); }

                @Override
                public void visitLdcInsn(Object value) { insn("ldc " + constant(value)); }

                @Override
                public void visitIincInsn(int var, int increment) { insn("iinc " + var + " " + increment); }

                @Override
                public void visitTableSwitchInsn(int min, int max, Label dflt, Label... ls) {
                    List<String> s = new ArrayList<>();
                    for (Label l : ls) s.add(label(l));
                    insn("tableswitch " + min + " " + max + " " + label(dflt) + " " + s);
                }

                @Override
                public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] ls) {
                    List<String> s = new ArrayList<>();
                    for (Label l : ls) s.add(label(l));
                    insn("lookupswitch " + label(dflt) + " " + Arrays.toString(keys) + " " + s);
                }

                @Override
                public void visitMultiANewArrayInsn(String d, int dims) { insn("multianewarray " + d + " " + dims); }

                @Override
                public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
                    return annotation(method + " insnAnnotation " + typeRef + " " + typePath + " " + d + " " + visible);
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    out.add(method + " try " + label(start) + " " + label(end) + " " + label(handler) + " " + type);
                }

                @Override
                public void visitLocalVariable(String n, String d, String signature, Label start, Label end, int i) {
                    out.add(method + " local " + n + " " + d + " " + signature + " " + label(start) + " " + label(end) + " " + i);
                }

                @Override
                public void visitLineNumber(int line, Label start) { out.add(method + " line " + line + " " + label(start)); }

                @Override
                public void visitMaxs(int maxStack, int maxLocals) { out.add(method + " maxs " + maxStack + " " + maxLocals); }
            };
        }

        @Override
        public void visitEnd() { out.add("end"); }

        private AnnotationVisitor annotation(String what) {
            out.add(what);
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) { out.add("  value " + name + " " + constant(value)); }

                @Override
                public void visitEnum(String name, String descriptor, String value) { out.add("  enum " + name + " " + descriptor + " " + value); }

                @Override
                public AnnotationVisitor visitAnnotation(String name, String descriptor) { return annotation("  annotation " + name + " " + descriptor); }

                @Override
                public AnnotationVisitor visitArray(String name) { return annotation("  array " + name); }
            };
        }
    }

    private static String constant(Object value) {
        if (value == null) return "null";
        String s = value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
        return value.getClass().getSimpleName() + ":" + s;
    }
}
