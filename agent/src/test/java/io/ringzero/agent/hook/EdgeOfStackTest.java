package io.ringzero.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Once a native has returned, the hook must neither throw StackOverflowError into the application nor lose the
 * count. In a frame already entered, only a call can overflow (the frame's entry banged the shadow zone below it):
 * so, in the bytecode of every hook, each call or {@code new} that can run after a bridge call has returned must lie
 * in a {@code try} that catches StackOverflowError, and the handlers themselves (followed as well) must make none.
 * The same holds on the failure path (the handler that catches what the native threw): an overflow while counting
 * a failed call must not replace the native's exception.
 */
class EdgeOfStackTest {
    private static final String SOE = "java/lang/StackOverflowError";

    @Test
    void nothingAfterANativeCallCanOverflowOutOfAHook() throws Exception {
        List<String> unguarded = new ArrayList<>();
        int bridgeCalls = 0;
        for (Path c : hookClasses()) {
            try (InputStream in = Files.newInputStream(c)) {
                for (MethodCode m : MethodCode.of(in.readAllBytes())) {
                    bridgeCalls += m.bridgeCalls().size();
                    unguarded.addAll(m.unguardedAfterBridgeCalls());
                }
            }
        }
        assertThat(bridgeCalls).as("bridge calls found").isGreaterThan(80);
        assertThat(unguarded).as("calls after a native that an overflow would leave the hook through").isEmpty();
    }

    /**
     * The other half: the counting methods the hooks call are all or nothing. Once one has stored its first count,
     * every call it makes is in a {@code try} that catches StackOverflowError: an overflow that leaves it has
     * counted nothing, and the hook's handler counts the call instead.
     */
    @Test
    void aCountingMethodThatHasCountedDoesNotOverflow() throws Exception {
        List<String> unguarded = new ArrayList<>();
        int counting = 0;
        try (InputStream in = EdgeOfStackTest.class.getClassLoader().getResourceAsStream("io/ringzero/agent/count/Counters.class")) {
            for (MethodCode m : MethodCode.of(in.readAllBytes())) {
                if (!m.name.contains(".end(") && !m.name.contains(".failed(")) continue;
                counting++;
                int first = m.insns.stream().map(i -> i[0]).toList().indexOf(Opcodes.LASTORE);
                if (first >= 0) unguarded.addAll(m.unguardedAfter(List.of(first)));
            }
        }
        assertThat(counting).isGreaterThanOrEqualTo(5);
        assertThat(unguarded).as("calls after the first count").isEmpty();
    }

    private static List<Path> hookClasses() throws URISyntaxException, IOException {
        Path dir = Paths.get(EdgeOfStackTest.class.getClassLoader().getResource("io/ringzero/agent/hook/Outcome.class").toURI()).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
    }

    /** One method's instructions, enough to follow its control flow. */
    private static final class MethodCode {
        final String name;
        final List<int[]> insns = new ArrayList<>(); // {opcode, line}
        final List<String> what = new ArrayList<>();
        final Map<Integer, List<Label>> jumps = new HashMap<>();
        final Map<Label, Integer> at = new HashMap<>();
        final List<Object[]> handlers = new ArrayList<>(); // {start, end, handler} of StackOverflowError catches
        final List<Object[]> others = new ArrayList<>(); // {start, end, handler} of the other catches
        int line;

        MethodCode(String name) { this.name = name; }

        static List<MethodCode> of(byte[] classFile) {
            List<MethodCode> methods = new ArrayList<>();
            ClassReader reader = new ClassReader(classFile);
            String owner = reader.getClassName();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                    MethodCode m = new MethodCode(owner + "." + name + desc);
                    methods.add(m);
                    return m.visitor();
                }
            }, ClassReader.SKIP_FRAMES);
            return methods;
        }

        MethodVisitor visitor() {
            return new MethodVisitor(Opcodes.ASM9) {
                void add(int op, String s) { insns.add(new int[] {op, line}); what.add(s); }
                @Override public void visitLabel(Label l) { at.put(l, insns.size()); }
                @Override public void visitLineNumber(int l, Label start) { line = l; }
                @Override public void visitInsn(int op) { add(op, ""); }
                @Override public void visitIntInsn(int op, int operand) { add(op, ""); }
                @Override public void visitVarInsn(int op, int var) { add(op, ""); }
                @Override public void visitTypeInsn(int op, String type) { add(op, "new " + type); }
                @Override public void visitFieldInsn(int op, String owner, String name, String desc) { add(op, ""); }
                @Override public void visitMethodInsn(int op, String owner, String name, String desc, boolean itf) {
                    add(op, (itf && op == Opcodes.INVOKEINTERFACE && owner.startsWith("io/ringzero/agent/hook/") ? "bridge " : "call ") + owner + "." + name);
                }
                @Override public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) { add(Opcodes.INVOKEDYNAMIC, "call indy " + name); }
                @Override public void visitJumpInsn(int op, Label l) { jumps.put(insns.size(), List.of(l)); add(op, ""); }
                @Override public void visitLdcInsn(Object value) { add(Opcodes.LDC, ""); }
                @Override public void visitIincInsn(int var, int inc) { add(Opcodes.IINC, ""); }
                @Override public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) { switchTo(Opcodes.TABLESWITCH, dflt, labels); }
                @Override public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) { switchTo(Opcodes.LOOKUPSWITCH, dflt, labels); }
                void switchTo(int op, Label dflt, Label[] labels) {
                    List<Label> all = new ArrayList<>(List.of(labels));
                    all.add(dflt);
                    jumps.put(insns.size(), all);
                    add(op, "");
                }
                @Override public void visitMultiANewArrayInsn(String desc, int dims) { add(Opcodes.MULTIANEWARRAY, ""); }
                @Override public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    (SOE.equals(type) ? handlers : others).add(new Object[] {start, end, handler});
                }
            };
        }

        List<Integer> bridgeCalls() {
            List<Integer> b = new ArrayList<>();
            // a bridge's fd(...) reads a field (before the native too, in some hooks); every other bridge method is a native
            for (int i = 0; i < what.size(); i++) if (what.get(i).startsWith("bridge ") && !what.get(i).endsWith(".fd")
                    && !what.get(i).contains("Bridge$Maker")) b.add(i);
            return b;
        }

        /** The handler that catches StackOverflowError at instruction i, or -1. */
        int handlerAt(int i) {
            for (Object[] h : handlers) {
                if (at.get((Label) h[0]) <= i && i < at.get((Label) h[1])) return at.get((Label) h[2]);
            }
            return -1;
        }

        /** After each native call: where it returns to, and the handlers of what it throws (the instruction before them). */
        List<String> unguardedAfterBridgeCalls() {
            List<Integer> starts = new ArrayList<>();
            for (int b : bridgeCalls()) {
                starts.add(b);
                for (Object[] h : others) {
                    if (at.get((Label) h[0]) <= b && b < at.get((Label) h[1])) starts.add(at.get((Label) h[2]) - 1);
                }
            }
            return unguardedAfter(starts);
        }

        /** Calls and {@code new}s reachable after the given instructions with no StackOverflowError handler around them. */
        List<String> unguardedAfter(List<Integer> starts) {
            List<String> out = new ArrayList<>();
            BitSet seen = new BitSet();
            Deque<Integer> todo = new ArrayDeque<>();
            for (int b : starts) todo.add(b + 1);
            while (!todo.isEmpty()) {
                int i = todo.pop();
                if (i >= insns.size() || seen.get(i)) continue;
                seen.set(i);
                int op = insns.get(i)[0];
                String w = what.get(i);
                boolean call = w.startsWith("call ") || w.startsWith("bridge ") || op == Opcodes.NEW;
                if (call) {
                    int h = handlerAt(i);
                    if (h < 0) out.add(name + " line " + insns.get(i)[1] + ": " + w);
                    else todo.push(h);
                }
                if (jumps.containsKey(i)) for (Label l : jumps.get(i)) todo.push(at.get(l));
                boolean falls = op != Opcodes.GOTO && op != Opcodes.TABLESWITCH && op != Opcodes.LOOKUPSWITCH && op != Opcodes.ATHROW
                        && !(op >= Opcodes.IRETURN && op <= Opcodes.RETURN);
                if (falls) todo.push(i + 1);
            }
            return out;
        }
    }
}
