package io.ringzero.agent.hook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the hooks call the JDK's private natives: through an interface that declares them (the receiver first
 * for an instance native), implemented by a class the installer defines as a hidden nestmate of the
 * native's class. A nestmate calls its host's private methods directly, so the JIT inlines hook -> native as
 * any call. Method handles did the same once compiled, but spinning their LambdaForms cost ~170 ms of CPU at
 * start-up and kept the JIT busy for as long again.
 *
 * <p>An interface method binds to the host's native of the same name, else to the native of that name plus
 * "0" (JDK 21 renamed java.io.File's natives so), else to a non-native method of that name, else (taking
 * just the host) to the host's instance field of that name; a method the host lacks throws
 * UnsupportedOperationException (the installer never routes a call to a native this JDK lacks).
 */
public final class Bridge {
    private static final Map<Class<?>, Object> MADE = new ConcurrentHashMap<>();
    private static Maker maker;

    /** Defines the class behind an interface, from the first of its hosts that fits (the installer's). */
    public interface Maker {
        void make(Class<?> api, String[] hosts) throws Exception;
    }

    private Bridge() { }

    /** Set by the installer before any call is rewritten. */
    public static synchronized void use(Maker m) { maker = m; }

    /**
     * Each interface, with the JDK classes that may implement it in order of preference: the first one this
     * JDK has and that declares any of the interface's methods is the host.
     */
    public static Object[][] wanted() {
        String fdi = "sun.nio.ch.FileDispatcherImpl", ufdi = "sun.nio.ch.UnixFileDispatcherImpl";
        return new Object[][] {
            {FileStreamHooks.Fis.class, "java.io.FileInputStream"},
            {FileStreamHooks.Fos.class, "java.io.FileOutputStream"},
            {FileStreamHooks.Raf.class, "java.io.RandomAccessFile"},
            {FileStreamHooks.Fd.class, "java.io.FileDescriptor"},
            {FileHooks.Ufs.class, "java.io.UnixFileSystem"},
            {FileChannelHooks.Dispatcher.class, ufdi, fdi},
            {FileChannelHooks.Transfers25.class, fdi},
            {FileChannelHooks.Channel17.class, "sun.nio.ch.FileChannelImpl"},
            {FileChannelHooks.Unmap.class, ufdi, "sun.nio.ch.FileChannelImpl"},
            {SocketHooks.Dispatcher.class, "sun.nio.ch.SocketDispatcher"},
            {SocketHooks.DatagramDispatcher.class, "sun.nio.ch.DatagramDispatcher"},
            {SocketHooks.DatagramChannel.class, "sun.nio.ch.DatagramChannelImpl"},
            {SocketHooks.Net.class, "sun.nio.ch.Net"},
            {SocketHooks.Close.class, "sun.nio.ch.UnixDispatcher", ufdi, fdi},
            {SocketHooks.CloseIntFd.class, ufdi, fdi},
            {SocketHooks.Blocking.class, "sun.nio.ch.IOUtil"},
            {SelectorHooks.EPoll.class, "sun.nio.ch.EPoll"},
            {SelectorHooks.EventFd.class, "sun.nio.ch.EventFD"},
            {SelectorHooks.Drain.class, "sun.nio.ch.IOUtil"},
            {FileSystemHooks.Dispatcher.class, "sun.nio.fs.UnixNativeDispatcher"},
            {FileSystemHooks.Dispatcher17.class, "sun.nio.fs.UnixNativeDispatcher"},
            {ProcessHooks.Process.class, "java.lang.ProcessImpl"},
            {ProcessHooks.Handle.class, "java.lang.ProcessHandleImpl"},
        };
    }

    /** Called by each generated class's initializer with its one instance; the first one made stays. */
    public static void made(Object bridge) {
        MADE.putIfAbsent(bridge.getClass().getInterfaces()[0], bridge);
    }

    /**
     * The implementation of {@code api}, made at the first call: from a hook class's initializer, so that a
     * short run makes only the bridges of the hooks it uses. Null if this JDK has none of its hosts, or if it
     * could not be made (the tests make every one on JDK 17 and 25).
     */
    public static synchronized <T> T to(Class<T> api) {
        Object made = MADE.get(api);
        if (made == null && maker != null) {
            for (Object[] w : wanted()) {
                if (w[0] != api) continue;
                String[] hosts = new String[w.length - 1];
                for (int i = 1; i < w.length; i++) hosts[i - 1] = (String) w[i];
                try {
                    maker.make(api, hosts);
                } catch (Exception | LinkageError e) {
                    return null; // the hooks of this interface then fail their calls: never seen on JDK 17 or 25
                }
            }
            made = MADE.get(api);
        }
        return api.cast(made);
    }
}
