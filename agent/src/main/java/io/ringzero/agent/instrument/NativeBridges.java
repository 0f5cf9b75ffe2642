package io.ringzero.agent.instrument;

import io.ringzero.agent.hook.Bridge;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Defines the classes behind {@link Bridge}: for each interface of native signatures, a hidden nestmate of
 * the JDK class that declares the natives, whose methods call them directly. Defined at start-up, before any
 * call is rewritten, so that no hook ever finds its bridge missing (and none is made while a class loads).
 */
public final class NativeBridges {
    private NativeBridges() { }

    /** Defines every bridge this JDK has a host for; any failure stops the agent before it counts anything. */
    public static int defineAll() throws ReflectiveOperationException {
        MethodHandles.Lookup trusted = trustedLookup();
        int defined = 0;
        for (Object[] wanted : Bridge.wanted()) {
            Class<?> api = (Class<?>) wanted[0];
            Method[] apiMethods = api.getMethods(); // with those it inherits (Transfers.Io)
            for (int i = 1; i < wanted.length; i++) {
                Class<?> host = bootClass((String) wanted[i]);
                if (host == null) continue;
                Method[] hostMethods = host.getDeclaredMethods();
                if (!declaresAny(hostMethods, apiMethods)) continue;
                trusted.in(host).defineHiddenClass(bytes(api, apiMethods, host, hostMethods), true, MethodHandles.Lookup.ClassOption.NESTMATE);
                defined++;
                break;
            }
        }
        return defined;
    }

    /** The JDK's all-powerful lookup: only it can add a nestmate to a JDK class (java.lang.invoke is opened to the agent). */
    private static MethodHandles.Lookup trustedLookup() throws ReflectiveOperationException {
        Field f = MethodHandles.Lookup.class.getDeclaredField("IMPL_LOOKUP");
        f.setAccessible(true);
        return (MethodHandles.Lookup) f.get(null);
    }

    static byte[] bytes(Class<?> api, Method[] apiMethods, Class<?> host, Method[] hostMethods) {
        BridgeClassFile cf = new BridgeClassFile(BridgeClassFile.internal(host) + "$$RingZero", api, BridgeClassFile.internal(Bridge.class));
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

    private static Class<?> bootClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
