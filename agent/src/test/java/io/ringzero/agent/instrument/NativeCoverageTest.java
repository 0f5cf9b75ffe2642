package io.ringzero.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

/**
 * Holds the target table to the JDK the tests run on: every listed native this JDK has gets a hook with a
 * matching signature, and every class of java.base that calls it is rewritten. A JDK that moves a call to a
 * new class fails here, not silently in the field.
 */
class NativeCoverageTest {

    @Test
    void everyNativeThisJdkHasGetsAHook() throws Exception {
        List<String> missing = new ArrayList<>();
        int present = 0;
        Map<String, Boolean> covered = new HashMap<>();
        for (Target t : Targets.all()) {
            for (Method nat : natives(t)) {
                present++;
                String id = t.owner() + "." + nat.getName();
                covered.merge(id, Installer.hookFor(nat, Class.forName(t.hookClass()), t.hookMethod()) != null, Boolean::logicalOr);
            }
        }
        covered.forEach((id, ok) -> { if (!ok) missing.add(id); });
        assertThat(present).as("natives of the table found on this JDK").isGreaterThan(40);
        assertThat(missing).as("natives without a hook of matching signature").isEmpty();
    }

    /**
     * A hook widens a parameter to Object only where the native's type cannot be named from outside java.base
     * (not public, or in a package java.base does not export): otherwise a hook meant for another JDK's
     * signature could be chosen and call a native this JDK does not have.
     */
    @Test
    void theChosenHookTakesTheNativesOwnTypes() throws Exception {
        List<String> widened = new ArrayList<>();
        for (Target t : Targets.all()) {
            for (Method nat : natives(t)) {
                Method hook = Installer.hookFor(nat, Class.forName(t.hookClass()), t.hookMethod());
                if (hook == null) continue;
                List<Class<?>> want = new ArrayList<>();
                if (!Modifier.isStatic(nat.getModifiers())) want.add(nat.getDeclaringClass());
                want.addAll(List.of(nat.getParameterTypes()));
                for (int i = 0; i < want.size(); i++) {
                    Class<?> h = hook.getParameterTypes()[i];
                    Class<?> w = want.get(i);
                    boolean nameable = w.isPrimitive() || w.isArray()
                            || Modifier.isPublic(w.getModifiers()) && w.getModule().isExported(w.getPackageName());
                    if (h != w && nameable) {
                        widened.add(t.owner() + "." + nat.getName() + " -> " + hook + " (parameter " + i + ")");
                    }
                }
            }
        }
        assertThat(widened).isEmpty();
    }

    @Test
    void everyCallerInJavaBaseIsRewritten() throws Exception {
        Map<String, Set<String>> listed = new HashMap<>();
        for (Target t : Targets.all()) {
            for (Method nat : natives(t)) {
                listed.computeIfAbsent(t.callOwner().replace('.', '/') + "." + nat.getName() + Type.getMethodDescriptor(nat), k -> new HashSet<>())
                        .addAll(t.callers().stream().map(c -> c.replace('.', '/')).toList());
            }
        }
        Map<String, Set<String>> found = callersInJavaBase(listed.keySet());
        List<String> unlisted = new ArrayList<>();
        found.forEach((nat, callers) -> {
            for (String c : callers) if (!listed.get(nat).contains(c)) unlisted.add(nat + " called from " + c);
        });
        assertThat(found).as("natives found called in java.base").isNotEmpty();
        assertThat(unlisted).as("callers missing from Targets").isEmpty();
    }

    private static List<Method> natives(Target t) {
        List<Method> list = new ArrayList<>();
        try {
            for (Method m : Class.forName(t.owner(), false, null).getDeclaredMethods()) {
                if (m.getName().equals(t.nativeName()) && Modifier.isNative(m.getModifiers())) list.add(m);
            }
        } catch (ClassNotFoundException e) {
            // not on this JDK
        }
        return list;
    }

    private static Map<String, Set<String>> callersInJavaBase(Set<String> natives) throws Exception {
        Map<String, Set<String>> found = new HashMap<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> classes;
        try (Stream<Path> s = Files.walk(jrt.getPath("/modules/java.base"))) {
            classes = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path p : classes) {
            ClassReader reader = new ClassReader(Files.readAllBytes(p));
            String cls = reader.getClassName();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int op, String owner, String method, String d, boolean itf) {
                            String key = owner + "." + method + d;
                            if (natives.contains(key)) found.computeIfAbsent(key, k -> new TreeSet<>()).add(cls);
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
        return found;
    }
}
