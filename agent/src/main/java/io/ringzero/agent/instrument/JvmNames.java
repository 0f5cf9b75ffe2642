package io.ringzero.agent.instrument;

import java.lang.reflect.Method;

/** Names as class files spell them, and boot classes looked up without loading what this JDK lacks. */
final class JvmNames {
    private JvmNames() { }

    static String internal(Class<?> c) { return c.getName().replace('.', '/'); }

    static String descriptor(Method m) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) d.append(p.descriptorString());
        return d.append(')').append(m.getReturnType().descriptorString()).toString();
    }

    /** The class, not initialized; null if {@code loader} (null: the boot loader) has none of that name. */
    static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
