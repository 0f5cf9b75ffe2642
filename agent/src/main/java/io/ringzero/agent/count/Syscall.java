package io.ringzero.agent.count;

/**
 * The Linux x86_64 syscalls the agent can attribute, as strace names them. Plain int constants (not an
 * enum) because hooks use them as array offsets on the hot path.
 */
public final class Syscall {
    public static final String[] NAMES = {
        "read", "write", "pread64", "pwrite64", "readv", "writev", "openat", "close",
        "fstat", "newfstatat", "statx", "stat", "lstat", "lseek", "ioctl", "ftruncate",
        "fsync", "fdatasync", "fcntl", "mmap", "munmap", "sendfile", "copy_file_range", "socket",
        "bind", "listen", "connect", "accept", "accept4", "poll", "ppoll", "shutdown",
        "sendto", "recvfrom", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "getdents64", "mkdir",
        "unlink", "rename", "rmdir", "access", "faccessat2", "readlink", "getsockname", "getpeername",
        "clone3", "vfork", "execve", "pipe2", "symlink", "link", "chmod", "fchmod",
        "utimensat", "statfs", "fallocate", "dup2", "getsockopt", "setsockopt", "mkdirat", "unlinkat",
        "renameat", "readlinkat", "fchmodat", "fchown", "fchownat", "symlinkat", "linkat", "wait4", "dup",
        "clone", "rt_sigprocmask", "waitid", "kill"
    };

    public static final int COUNT = NAMES.length;

    public static final int READ = id("read"), WRITE = id("write"), PREAD64 = id("pread64"), PWRITE64 = id("pwrite64"),
            READV = id("readv"), WRITEV = id("writev"), OPENAT = id("openat"), CLOSE = id("close"),
            FSTAT = id("fstat"), NEWFSTATAT = id("newfstatat"), STATX = id("statx"), STAT = id("stat"), LSTAT = id("lstat"),
            LSEEK = id("lseek"), IOCTL = id("ioctl"), FTRUNCATE = id("ftruncate"), FSYNC = id("fsync"),
            FDATASYNC = id("fdatasync"), FCNTL = id("fcntl"), MMAP = id("mmap"), MUNMAP = id("munmap"),
            SENDFILE = id("sendfile"), COPY_FILE_RANGE = id("copy_file_range"), SOCKET = id("socket"), BIND = id("bind"),
            LISTEN = id("listen"), CONNECT = id("connect"), ACCEPT = id("accept"), ACCEPT4 = id("accept4"),
            POLL = id("poll"), PPOLL = id("ppoll"), SHUTDOWN = id("shutdown"), SENDTO = id("sendto"),
            RECVFROM = id("recvfrom"), EPOLL_CREATE1 = id("epoll_create1"), EPOLL_CTL = id("epoll_ctl"),
            EPOLL_WAIT = id("epoll_wait"), EPOLL_PWAIT = id("epoll_pwait"), GETDENTS64 = id("getdents64"),
            MKDIR = id("mkdir"), UNLINK = id("unlink"), RENAME = id("rename"), RMDIR = id("rmdir"), ACCESS = id("access"),
            FACCESSAT2 = id("faccessat2"), READLINK = id("readlink"), GETSOCKNAME = id("getsockname"),
            GETPEERNAME = id("getpeername"), CLONE3 = id("clone3"), VFORK = id("vfork"), EXECVE = id("execve"),
            PIPE2 = id("pipe2"), SYMLINK = id("symlink"), LINK = id("link"), CHMOD = id("chmod"), FCHMOD = id("fchmod"),
            UTIMENSAT = id("utimensat"), STATFS = id("statfs"), FALLOCATE = id("fallocate"), DUP2 = id("dup2"),
            GETSOCKOPT = id("getsockopt"), SETSOCKOPT = id("setsockopt"), MKDIRAT = id("mkdirat"),
            UNLINKAT = id("unlinkat"), RENAMEAT = id("renameat"), READLINKAT = id("readlinkat"),
            FCHMODAT = id("fchmodat"), FCHOWN = id("fchown"), FCHOWNAT = id("fchownat"), SYMLINKAT = id("symlinkat"),
            LINKAT = id("linkat"), WAIT4 = id("wait4"), DUP = id("dup"), CLONE = id("clone"),
            RT_SIGPROCMASK = id("rt_sigprocmask"), WAITID = id("waitid"), KILL = id("kill");

    /**
     * What the JDK's own libraries issue for fstat/stat/lstat: a JDK linked against glibc 2.33+ calls fstat64,
     * which glibc implements with newfstatat; one built on an older glibc calls __fxstat64 and friends,
     * which issue fstat/stat/lstat. The agent decides at start-up from the JDK's libraries.
     */
    public static int jdkFstat = NEWFSTATAT, jdkStat = NEWFSTATAT, jdkLstat = NEWFSTATAT;

    /** What Files' stat/lstat issue: statx when the JDK's libnio uses it (JDK 17.0.x and later on Linux). */
    public static int filesStat = STATX;

    private Syscall() { }

    public static void useLegacyStatAbi(boolean legacy) {
        jdkFstat = legacy ? FSTAT : NEWFSTATAT;
        jdkStat = legacy ? STAT : NEWFSTATAT;
        jdkLstat = legacy ? LSTAT : NEWFSTATAT;
    }

    public static int id(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) return i;
        }
        throw new IllegalArgumentException("unknown syscall " + name);
    }
}
