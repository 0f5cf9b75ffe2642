package io.ringzero.agent.hook;

import io.ringzero.agent.count.Counters;
import java.io.FileDescriptor;
import java.nio.file.Paths;

/**
 * What an open descriptor refers to, for the call sites' resources: the target of /proc/self/fd/N (a file's
 * path, "pipe:[inode]", "anon_inode:[eventpoll]"), a socket's protocol and addresses in place of its
 * "socket:[inode]" ({@link SocketTable}). Asked on a stack walk only; what it reads (a readlink, and for a socket
 * not seen before the kernel's socket tables) is counted as the agent's own, never as the application's.
 */
public final class DescriptorNames {
    private DescriptorNames() { }

    /** The resource, or null when it cannot be told (closed in the meantime, /proc unreadable). Never throws. */
    public static String of(FileDescriptor fd) {
        boolean previous = Counters.setOwn(true);
        try {
            int n = FileStreamHooks.fd(fd);
            if (n < 0) return null;
            String target = Probe.readLink(Paths.get("/proc/self/fd/" + n));
            return target.startsWith("socket:[") ? SocketTable.describe(target) : target;
        } catch (Throwable unknown) {
            return null;
        } finally {
            Counters.setOwn(previous);
        }
    }
}
