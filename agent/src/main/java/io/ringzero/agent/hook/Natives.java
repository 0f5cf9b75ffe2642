package io.ringzero.agent.hook;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Method handles on the JDK's private native methods, typed as the hook declares them. A hook calls the
 * original through a {@code static final} handle, which the JIT inlines into a direct call.
 * A native that this JDK does not have gets a handle that throws: the installer never routes calls to it.
 */
final class Natives {
    private Natives() { }

    /** The first of {@code names} that {@code owner} has as a native (a native renamed between JDKs). */
    static MethodHandle either(String owner, MethodType hookType, String... names) {
        for (String name : names) {
            MethodHandle h = find(owner, name, hookType);
            if (h != null) return h;
        }
        return of(owner, names[0], hookType);
    }

    /** The native {@code name} of {@code owner}, adapted to {@code hookType} (receiver first for instance methods). */
    static MethodHandle of(String owner, String name, MethodType hookType) {
        MethodHandle h = find(owner, name, hookType);
        if (h != null) return h;
        MethodHandle thrower = MethodHandles.throwException(hookType.returnType(), UnsupportedOperationException.class);
        thrower = MethodHandles.insertArguments(thrower, 0, new UnsupportedOperationException(owner + "." + name));
        return MethodHandles.dropArguments(thrower, 0, hookType.parameterList());
    }

    private static MethodHandle find(String owner, String name, MethodType hookType) {
        try {
            Class<?> c = Class.forName(owner, false, null);
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(name) || !Modifier.isNative(m.getModifiers())) continue;
                int receiver = Modifier.isStatic(m.getModifiers()) ? 0 : 1;
                if (m.getParameterCount() + receiver != hookType.parameterCount()) continue;
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                return lookup.unreflect(m).asType(hookType);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not this JDK's
        }
        return null;
    }
}
