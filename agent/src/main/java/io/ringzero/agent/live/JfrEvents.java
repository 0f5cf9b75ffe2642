package io.ringzero.agent.live;

import io.ringzero.agent.count.CallSites;
import io.ringzero.agent.count.Counters;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Registers the agent's JFR events once Flight Recorder is initialised: at once if a recording started with the JVM,
 * later if one is started with {@code jcmd PID JFR.start}, never if the application records nothing. Adding the
 * listener does not initialise Flight Recorder; registering an event would not either, but its periodic hook and the
 * site listener cost nothing only if they do not exist.
 */
final class JfrEvents implements FlightRecorderListener {
    private boolean registered;

    private JfrEvents() { }

    static void listen() {
        if (FlightRecorder.isAvailable()) FlightRecorder.addListener(new JfrEvents());
    }

    /** On whichever thread initialises Flight Recorder (the application's, jcmd's): its I/O here is the agent's. */
    @Override
    public synchronized void recorderInitialized(FlightRecorder recorder) {
        if (registered) return;
        registered = true;
        boolean previous = Counters.setOwn(true);
        try {
            FlightRecorder.addPeriodicEvent(SyscallsEvent.class, new SyscallsPeriod());
            FlightRecorder.register(SyscallSiteEvent.class);
            CallSites.listen(new JfrSiteListener());
        } catch (Throwable e) {
            // no events; the application and the run file are unaffected
        } finally {
            Counters.setOwn(previous);
        }
    }
}
