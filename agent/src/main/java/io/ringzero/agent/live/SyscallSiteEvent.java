package io.ringzero.agent.live;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One sampled stack walk, committed in the application thread during the walk, so that its stack trace is the
 * call's. Its top frames are the agent's (this listener, the counters, the hook), then the JDK's.
 */
@Name("io.ringzero.SyscallSite")
@Label("Syscall Site")
@Category("RingZero")
@Description("A sampled call site of a syscall from JDK I/O, with the stack of the call; calls is how many calls the sample stands for")
@StackTrace(true)
public final class SyscallSiteEvent extends Event {
    @Label("Syscall")
    @Description("Linux syscall name, as strace names it")
    String kind;

    @Label("API")
    @Description("The JDK method the application called; null when the JDK itself made the call")
    String api;

    @Label("Calls")
    @Description("How many calls this sample stands for (the walk's weight)")
    long calls;
}
