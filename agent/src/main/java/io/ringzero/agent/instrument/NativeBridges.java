package io.ringzero.agent.instrument;

import io.ringzero.agent.hook.Bridge;
import io.ringzero.agent.hook.FileStreamHooks;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Defines the classes behind {@link Bridge}: for each interface of native signatures, a hidden nestmate of
 * the JDK class that declares the natives, whose methods call them directly. A bridge is made when its hook
 * class initializes; java.io's, which the JVM's own start-up uses, are made at install, which also loads
 * and runs every path of this code once: a class loaded later from the agent jar would read the jar through
 * the very hooks whose class is initializing.
 */
public final class NativeBridges implements Bridge.Maker {
    private final MethodHandles.Lookup trusted;

    private NativeBridges(MethodHandles.Lookup trusted) { this.trusted = trusted; }

    /** Makes the bridges lazily from now on, and java.io's now; a failure here stops the agent before it counts anything. */
    public static void install() throws ReflectiveOperationException {
        Bridge.use(new NativeBridges(trustedLookup()));
        for (Class<?> api : new Class<?>[] {FileStreamHooks.Fis.class, FileStreamHooks.Fos.class, FileStreamHooks.Raf.class, FileStreamHooks.Fd.class}) {
            if (Bridge.to(api) == null) throw new IllegalStateException("no bridge for " + api.getName());
        }
    }

    @Override
    public void make(Class<?> api, String[] hosts) throws ReflectiveOperationException {
        Method[] apiMethods = api.getMethods(); // with those it inherits (Transfers.Io)
        for (String name : hosts) {
            Class<?> host = JvmNames.load(name, null);
            if (host == null) continue;
            Method[] hostMethods = host.getDeclaredMethods();
            if (!declaresAny(hostMethods, apiMethods)) continue;
            trusted.in(host).defineHiddenClass(bytes(api, apiMethods, host, hostMethods), true, MethodHandles.Lookup.ClassOption.NESTMATE);
            return;
        }
    }

    /** The JDK's all-powerful lookup: only it can add a nestmate to a JDK class (java.lang.invoke is opened to the agent). */
    private static MethodHandles.Lookup trustedLookup() throws ReflectiveOperationException {
        Field f = MethodHandles.Lookup.class.getDeclaredField("IMPL_LOOKUP");
        f.setAccessible(true);
        return (MethodHandles.Lookup) f.get(null);
    }

    static byte[] bytes(Class<?> api, Method[] apiMethods, Class<?> host, Method[] hostMethods) {
        BridgeClassFile cf = new BridgeClassFile(JvmNames.internal(host) + "$$RingZero", api, JvmNames.internal(Bridge.class));
        for (Method m : apiMethods) {
            if (Modifier.isStatic(m.getModifiers()) || !Modifier.isAbstract(m.getModifiers())) continue;
            Method target = target(m, hostMethods);
            Field field = target == null ? field(m, host) : null;
            if (target != null) cf.call(m, target);
            else if (field != null) cf.get(m, field);
            else cf.unsupported(m, host.getName() + "." + m.getName());
        }
        return cf.toByteArray();
    }

    /** The native named as {@code m}, else that name plus "0", else a non-native of that name; with fitting parameters. */
    static Method target(Method m, Method[] hostMethods) {
        Method plain = null;
        Method renamed = null;
        String name = m.getName();
        for (Method h : hostMethods) {
            String hn = h.getName();
            boolean same = hn.equals(name);
            if (!same && !(hn.length() == name.length() + 1 && hn.startsWith(name) && hn.endsWith("0")) || !fits(m, h)) continue;
            boolean isNative = Modifier.isNative(h.getModifiers());
            if (isNative && same) return h;
            if (isNative) renamed = h;
            else if (same) plain = h;
        }
        return renamed != null ? renamed : plain;
    }

    /** Same count (the receiver first for an instance method), same primitives, references castable. */
    private static boolean fits(Method m, Method h) {
        int receiver = Modifier.isStatic(h.getModifiers()) ? 0 : 1;
        Class<?>[] want = m.getParameterTypes();
        Class<?>[] have = h.getParameterTypes();
        if (want.length != have.length + receiver) return false;
        if (receiver == 1 && !castable(want[0], h.getDeclaringClass())) return false;
        for (int i = 0; i < have.length; i++) {
            if (!castable(want[i + receiver], have[i])) return false;
        }
        Class<?> r = h.getReturnType();
        return r.isPrimitive() || m.getReturnType().isPrimitive() ? r == m.getReturnType() : m.getReturnType().isAssignableFrom(r);
    }

    private static boolean castable(Class<?> from, Class<?> to) {
        return from.isPrimitive() || to.isPrimitive() ? from == to : from.isAssignableFrom(to) || to.isAssignableFrom(from);
    }

    /** For a method taking just the host and named as one of its instance fields: that field's value. */
    private static Field field(Method m, Class<?> host) {
        if (m.getParameterCount() != 1 || !m.getParameterTypes()[0].isAssignableFrom(host)) return null;
        try {
            Field f = host.getDeclaredField(m.getName());
            return !Modifier.isStatic(f.getModifiers()) && f.getType() == m.getReturnType() ? f : null;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static boolean declaresAny(Method[] hostMethods, Method[] apiMethods) {
        for (Method m : apiMethods) {
            if (target(m, hostMethods) != null) return true;
        }
        return false;
    }
}
