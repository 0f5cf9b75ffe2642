package io.ringzero.agent.hook;

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
        long t = Counters.begin(CLONE3);
        int pid;
        try {
            pid = PROCESS.forkAndExec(process, mode, helper, prog, argBlock, argc, envBlock, envc, dir, fds, redirectErrorStream);
        } catch (Throwable e) {
            // the child's exec failed after a complete launch ("error=N, ..." on JDK 17, "Exec failed, error: N"
            // later); other failures stop part-way and are not counted
            String message = String.valueOf(e.getMessage());
            if (e instanceof IOException && (message.startsWith("error=") || message.startsWith("Exec failed"))) {
                launched(mode, pipes, t, true);
            }
            throw e;
        }
        launched(mode, pipes, t, false);
        for (int i = 0; i < 3; i++) {
            if (fds[i] >= 0) Pipes.add(fds[i]);
        }
        return pid;
    }

    private static void launched(int mode, int pipes, long t, boolean execFailed) {
        for (int i = 0; i < pipes + 2; i++) Counters.count(PIPE2);
        if (mode == POSIX_SPAWN) {
            // F_GETFD of each descriptor the child inherits (F_SETFD would follow for one opened with FD_CLOEXEC:
            // neither stdio nor the files the JDK opens for a redirect have it)
            for (int i = pipes; i < 3; i++) Counters.count(FCNTL);
            // glibc posix_spawn: a stack for the child, all signals blocked around clone3(CLONE_VM|CLONE_VFORK)
            Counters.count(MMAP);
            Counters.count(RT_SIGPROCMASK);
            Outcome.ok(CLONE3, t);
            Counters.count(MUNMAP);
            Counters.count(RT_SIGPROCMASK);
            for (int i = 0; i < 4; i++) Counters.count(WRITE); // magic, ChildStuff, SpawnInfo, strings to the helper
            Counters.count(READ); // the helper's alive ping
        } else {
            Outcome.ok(mode == FORK ? CLONE : VFORK, 0L);
        }
        Counters.count(READ); // end of file when the exec succeeded, else the child's errno
        if (execFailed) Counters.count(WAIT4);
        int closes = 4 + pipes + (execFailed ? pipes : 0);
        for (int i = 0; i < closes; i++) Counters.count(CLOSE);
    }

    /** Reads /proc/PID/stat with stdio: open, fstat for the buffer, a read and the read that sees the end, close. */
    public static long isAlive0(long pid) throws Throwable {
        long t = Counters.begin(OPENAT);
        long start = HANDLE.isAlive0(pid);
        if (start < 0) {
            Counters.failed(OPENAT, "ENOENT", t);
        } else {
            Outcome.ok(OPENAT, t);
            Counters.count(NEWFSTATAT);
            Counters.count(READ);
            Counters.count(READ);
            Counters.count(CLOSE);
        }
        return start;
    }

    /** waitpid (wait4) when reaping, waitid(WNOWAIT) when only watching. */
    public static int waitForProcessExit0(long pid, boolean reap) throws Throwable {
        int k = reap ? WAIT4 : WAITID;
        long t = Counters.begin(k);
        int status = HANDLE.waitForProcessExit0(pid, reap);
        if (status == NOT_A_CHILD) Counters.failed(k, "ECHILD", t);
        else Outcome.ok(k, t);
        return status;
    }
}
