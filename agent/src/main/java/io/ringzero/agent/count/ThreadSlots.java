package io.ringzero.agent.count;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Where per-thread counters live. On JDKs with virtual threads, a {@code jdk.internal.misc.CarrierThreadLocal}
 * keeps one slot per carrier instead of one per virtual thread (a million virtual threads must not mean a
 * million counter arrays); elsewhere a plain ThreadLocal.
 */
final class ThreadSlots {
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private ThreadSlots() { }

    @SuppressWarnings("unchecked")
    static <T> ThreadLocal<T> create() {
        try {
            Class<?> c = Class.forName("jdk.internal.misc.CarrierThreadLocal");
            return (ThreadLocal<T>) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new ThreadLocal<>();
        }
    }

    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) return false;
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
