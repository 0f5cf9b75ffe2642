package io.ringzero.agent.live;

import io.ringzero.agent.record.Recorder;

/**
 * The counters seen while the application runs: JFR events while a flight recording runs ({@link JfrEvents}) and
 * the MBean {@code io.ringzero:type=Syscalls} ({@link SyscallsMBean}). Polled from the recorder thread, off the
 * application's start-up path. This class names neither jdk.jfr nor java.management, so that on a runtime without
 * them (jlink, --limit-modules) it loads and the views are simply absent.
 */
public final class LiveViews implements Recorder.Poll {
    private static final boolean DEBUG = System.getenv("RZ_DEBUG") != null;
    /** The recorder whose run file {@code dump} writes: the latest, as attach windows come and go. */
    private volatile Recorder recorder;
    private boolean started;
    private boolean jmxPending;

    /** One per JVM: the views are set up once, and each recorder (each attach window) polls them in turn. */
    public LiveViews() { }

    /** From now on, {@code dump} writes this recorder's run file, and its thread polls. */
    public void follow(Recorder r) {
        recorder = r;
        r.setPoll(this);
    }

    Recorder recorder() { return recorder; }

    @Override
    public synchronized boolean poll() {
        if (!started) {
            started = true;
            if (present("jdk.jfr")) {
                try {
                    JfrEvents.listen();
                } catch (Throwable e) {
                    if (DEBUG) e.printStackTrace();
                }
            }
            jmxPending = present("java.management");
        }
        if (jmxPending) {
            try {
                jmxPending = !SyscallsMBean.registerInPlatformServer(this);
            } catch (Throwable e) {
                jmxPending = false; // not retried every second
                if (DEBUG) e.printStackTrace();
            }
        }
        return jmxPending;
    }

    private static boolean present(String module) { return ModuleLayer.boot().findModule(module).isPresent(); }
}
