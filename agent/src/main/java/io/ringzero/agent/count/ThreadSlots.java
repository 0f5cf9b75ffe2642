package io.ringzero.agent.count;

/**
 * Where per-thread counters live. On JDKs with virtual threads, a {@code jdk.internal.misc.CarrierThreadLocal}
 * keeps one slot per carrier instead of one per virtual thread (a million virtual threads must not mean a
 * million counter arrays); elsewhere a plain ThreadLocal.
 */
final class ThreadSlots {
    /** The superclass of every virtual thread (JDK 19+); a class test, not Thread.isVirtual through a method handle. */
    private static final Class<?> VIRTUAL = virtualThreadClass();

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
        return VIRTUAL != null && VIRTUAL.isInstance(t);
    }

    private static Class<?> virtualThreadClass() {
        try {
            return Class.forName("java.lang.BaseVirtualThread", false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
