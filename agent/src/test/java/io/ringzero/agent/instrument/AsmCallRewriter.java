package io.ringzero.agent.instrument;

import java.util.Map;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The agent's former rewrite through ASM, kept as the reference {@link CallSitePatcher} is checked against:
 * each call instruction to a counted native becomes an {@code invokestatic} of its hook.
 */
final class AsmCallRewriter extends ClassVisitor {
    /** "owner/internal/Name.method(desc)" -> {hook owner, hook name, hook descriptor}. */
    private final Map<String, String[]> replacements;
    int rewritten;

    AsmCallRewriter(ClassVisitor next, Map<String, String[]> replacements) {
        super(Opcodes.ASM9, next);
        this.replacements = replacements;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
        return mv == null ? null : new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean itf) {
                String[] hook = replacements.get(owner + "." + method + descriptor);
                if (hook == null) {
                    super.visitMethodInsn(opcode, owner, method, descriptor, itf);
                } else {
                    rewritten++;
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, hook[0], hook[1], hook[2], false);
                }
            }
        };
    }
}
