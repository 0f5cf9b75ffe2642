package io.ringzero.agent.hook;

import static io.ringzero.agent.count.Counters.EDGE;
import static io.ringzero.agent.count.Counters.ERRORS;
import static io.ringzero.agent.count.Counters.STRIDE;
import static io.ringzero.agent.count.Syscall.*;

import io.ringzero.agent.count.Counters;
import java.io.IOException;

/**
 * java.lang.ProcessImpl and ProcessHandleImpl (ProcessImpl_md.c, ProcessHandleImpl_unix.c): the syscalls the
 * spawning JVM's own threads issue. What the child does before its exec (dup2, close, execve, the spawn
 * helper's work) belongs to the child process and is not the JVM's.
 */
public final class ProcessHooks {
    /** java.lang.ProcessImpl's spawn native (the receiver's class is package-private: Object). */
    public interface Process {
        int forkAndExec(Object process, int mode, byte[] helper, byte[] prog, byte[] argBlock, int argc,
                        byte[] envBlock, int envc, byte[] dir, int[] fds, boolean redirectErrorStream);
    }

    /** java.lang.ProcessHandleImpl's natives. */
    public interface Handle {
        long isAlive0(long pid);
        int waitForProcessExit0(long pid, boolean reap);
    }

    private static final Process PROCESS = Bridge.to(Process.class);
    private static final Handle HANDLE = Bridge.to(Handle.class);

    // ProcessImpl.LaunchMechanism ordinal + 1, as the native receives it
    private static final int FORK = 1, POSIX_SPAWN = 2;
    private static final int NOT_A_CHILD = -2; // ProcessHandleImpl.NOT_A_CHILD: waitpid said ECHILD

    private ProcessHooks() { }

    /**
     * One pipe per standard stream the child reads or writes through a pipe (fds[i] == -1 on entry), one for
     * the spawn helper's input and one for failure reports; the launch; closes of the child's ends; reads of
     * the failure pipe until it closes on exec.
     */
    public static int forkAndExec(Object process, int mode, byte[] helper, byte[] prog, byte[] argBlock, int argc,
                                  byte[] envBlock, int envc, byte[] dir, int[] fds, boolean redirectErrorStream) throws Throwable {
        int pipes = 0;
        for (int i = 0; i < 3; i++) {
            if (fds[i] == -1) pipes++;
        }
        // What a complete launch issues, made before the call from arrays and arithmetic only (nothing here or in
        // the handlers below can overflow the stack). POSIX_SPAWN: the pipe2s; F_GETFD of each descriptor the child
        // inherits (F_SETFD would follow for one opened with FD_CLOEXEC: neither stdio nor the files the JDK opens
        // for a redirect have it); glibc posix_spawn's stack for the child (mmap, munmap) and all signals blocked
        // around clone3(CLONE_VM|CLONE_VFORK); 4 writes to the helper (magic, ChildStuff, SpawnInfo, strings); its
        // alive ping and the read that sees the exec (or the child's errno); a failed exec adds wait4 and closes.
        int[] kinds, times;
        if (mode == POSIX_SPAWN) {
            kinds = new int[] {CLONE3, PIPE2, FCNTL, MMAP, RT_SIGPROCMASK, MUNMAP, WRITE, READ, WAIT4, CLOSE};
            times = new int[] {1, pipes + 2, 3 - pipes, 1, 2, 1, 4, 2, 0, 4 + pipes};
        } else {
            kinds = new int[] {mode == FORK ? CLONE : VFORK, PIPE2, READ, WAIT4, CLOSE};
            times = new int[] {1, pipes + 2, 1, 0, 4 + pipes};
        }
        long t = Counters.begin(CLONE3);
        if (mode != POSIX_SPAWN) t = 0L;
        int pid;
        try {
            pid = PROCESS.forkAndExec(process, mode, helper, prog, argBlock, argc, envBlock, envc, dir, fds, redirectErrorStream);
        } catch (Throwable e) {
            // the child's exec failed after a complete launch ("error=N, ..." on JDK 17, "Exec failed, error: N"
            // later); other failures stop part-way and are not counted
            try {
                String message = String.valueOf(e.getMessage());
                if (e instanceof IOException && (message.startsWith("error=") || message.startsWith("Exec failed"))) {
                    times[kinds.length - 2] = 1;
                    times[kinds.length - 1] += pipes;
                    try {
                        Counters.end(kinds, times, t);
                    } catch (StackOverflowError overflow) {
                        synchronized (EDGE) { for (int i = 0; i < kinds.length; i++) EDGE[kinds[i] * STRIDE] += times[i]; }
                    }
                }
            } catch (StackOverflowError edge) {
                // telling the failure apart overflowed: uncounted, and the native's exception still goes to the application
            }
            throw e;
        }
        try {
            Counters.end(kinds, times, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { for (int i = 0; i < kinds.length; i++) EDGE[kinds[i] * STRIDE] += times[i]; }
        }
        try {
            for (int i = 0; i < 3; i++) {
                if (fds[i] >= 0) Pipes.add(fds[i]);
            }
        } catch (StackOverflowError e) {
            // counted; a pipe not remembered is taken for a file by available()
        }
        return pid;
    }

    /** Reads /proc/PID/stat with stdio: open, fstat for the buffer, a read and the read that sees the end, close. */
    public static long isAlive0(long pid) throws Throwable {
        long t = Counters.begin(OPENAT);
        long start = HANDLE.isAlive0(pid);
        int[] kinds = {OPENAT, NEWFSTATAT, READ, CLOSE}, times = {1, 1, 2, 1};
        try {
            if (start < 0) Counters.failed(OPENAT, "ENOENT", t);
            else Counters.end(kinds, times, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) {
                if (start < 0) { EDGE[OPENAT * STRIDE]++; EDGE[OPENAT * STRIDE + ERRORS]++; }
                else for (int i = 0; i < kinds.length; i++) EDGE[kinds[i] * STRIDE] += times[i];
            }
        }
        return start;
    }

    /** waitpid (wait4) when reaping, waitid(WNOWAIT) when only watching. */
    public static int waitForProcessExit0(long pid, boolean reap) throws Throwable {
        int k = reap ? WAIT4 : WAITID;
        long t = Counters.begin(k);
        int status = HANDLE.waitForProcessExit0(pid, reap);
        try {
            if (status == NOT_A_CHILD) Counters.failed(k, "ECHILD", t);
            else Outcome.ok(k, t);
        } catch (StackOverflowError e) {
            synchronized (EDGE) { EDGE[k * STRIDE]++; if (status == NOT_A_CHILD) EDGE[k * STRIDE + ERRORS]++; }
        }
        return status;
    }
}
