package io.ringzero.agent.live;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** One syscall kind's counts, every period (setting {@code io.ringzero.Syscalls#period}), for kinds seen so far. */
@Name("io.ringzero.Syscalls")
@Label("Syscalls")
@Category("RingZero")
@Description("The application's syscalls of one kind from JDK I/O: in the period (since this kind's previous event) and in total")
@Period("1 s")
@StackTrace(false)
public final class SyscallsEvent extends Event {
    @Label("Syscall")
    @Description("Linux syscall name, as strace names it")
    String kind;

    @Label("Calls")
    @Description("Calls since this kind's previous event")
    long calls;

    @Label("Bytes")
    @Description("Bytes moved since this kind's previous event")
    @DataAmount
    long bytes;

    @Label("Errors")
    @Description("Calls that failed since this kind's previous event")
    long errors;

    @Label("Total Calls")
    @Description("Calls since the agent started")
    long totalCalls;

    @Label("Total Bytes")
    @Description("Bytes moved since the agent started")
    @DataAmount
    long totalBytes;

    @Label("Total Errors")
    @Description("Failed calls since the agent started")
    long totalErrors;
}
