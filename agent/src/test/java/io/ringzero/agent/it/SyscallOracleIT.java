package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's counts against the kernel's, under strace -f -c: a run of N and a run of 2N operations, so that
 * JVM start-up and shutdown cancel. Every kind the agent reports (the application's and its own, which strace
 * sees too: the probes, the run file) must change by exactly what strace saw
 * (0.1 % tolerance for the JVM's own background syscalls of the same kinds), and the kinds the operation is
 * known to issue must be among them.
 */
class SyscallOracleIT {
    private static final int N = 5000;

    @BeforeAll
    static void needsStrace() {
        assumeTrue(ChildJvm.hasStrace(), "strace is not installed");
    }

    /** Every case, or with {@code -Doracle.ops=fis-available,file-delete} those whose names start so. */
    static Stream<Arguments> operations() {
        String only = System.getProperty("oracle.ops");
        return all().filter(a -> only == null || Stream.of(only.split(",")).anyMatch(((String) a.get()[0])::startsWith));
    }

    private static Stream<Arguments> all() {
        // The JDK's fstat is newfstatat or fstat depending on the glibc it was built against; strace decides.
        String fstat = "fstat|newfstatat";
        String transfer = ChildJvm.feature() >= 21 ? "copy_file_range" : "sendfile";
        return Stream.of(
                Arguments.of("fos-write1", List.of("write")),
                Arguments.of("fos-write16", List.of("write")),
                Arguments.of("fis-read1", List.of("read")),
                Arguments.of("fis-read16", List.of("read")),
                Arguments.of("fis-open", List.of("openat", fstat, "close")),
                Arguments.of("fis-open-missing", List.of("openat")),
                Arguments.of("fis-skip", List.of("lseek")),
                // available(): fstat, then ioctl(FIONREAD) or one to three lseeks depending on the file
                Arguments.of("fis-available", List.of(fstat, "lseek")),
                Arguments.of("fis-available-end", List.of(fstat, "lseek")),
                Arguments.of("fis-available-past", List.of(fstat, "lseek")),
                Arguments.of("fis-available-devnull", List.of(fstat, "ioctl", "lseek")),
                Arguments.of("fis-available-proc", List.of(fstat, "lseek")),
                Arguments.of("fis-available-fifo", List.of(fstat, "ioctl")),
                Arguments.of("fis-available-two", List.of(fstat, "lseek")),
                Arguments.of("raf-write", List.of("write")),
                Arguments.of("raf-read", List.of("read")),
                Arguments.of("raf-seek", List.of("lseek")),
                Arguments.of("fc-write", List.of("write")),
                Arguments.of("fc-read", List.of("read")),
                Arguments.of("fc-pwrite", List.of("pwrite64")),
                Arguments.of("fc-pread", List.of("pread64")),
                Arguments.of("fc-writev", List.of("writev")),
                Arguments.of("fc-readv", List.of("readv")),
                Arguments.of("fc-force", List.of("fdatasync")),
                Arguments.of("fc-size", List.of(fstat)),
                Arguments.of("fc-truncate", List.of("ftruncate", "pwrite64", "lseek", fstat)),
                Arguments.of("fc-lock", List.of("fcntl")),
                Arguments.of("fc-transferTo", List.of(transfer, fstat)),
                // JDK 17 maps the source and writes from the mapping; later JDKs copy in the kernel
                Arguments.of("fc-transferFrom", ChildJvm.feature() >= 21 ? List.of("copy_file_range", fstat, "lseek")
                        : List.of("mmap", "munmap", "pwrite64", fstat, "lseek")),
                Arguments.of("fc-map", List.of("mmap", "munmap", fstat)),
                Arguments.of("files-exists", List.of("access")),
                Arguments.of("files-size", List.of("statx")),
                Arguments.of("files-readattrs", List.of("statx")),
                Arguments.of("files-newbytechannel", List.of("openat", "close")),
                Arguments.of("files-mkdir-delete", List.of("mkdir", "rmdir", "statx")),
                Arguments.of("files-rename", List.of("rename", "statx")),
                Arguments.of("files-list", List.of("openat", "dup", "newfstatat", "fcntl", "getdents64", "close")),
                // 2000 entries: several 32 KiB getdents64 buffers per listing
                Arguments.of("files-list-big", List.of("getdents64", "openat", "close")),
                Arguments.of("socket-pingpong", List.of("read", "write")),
                Arguments.of("socketchannel-pingpong", List.of("read", "write")),
                // accept sets the new socket to blocking mode: fcntl(F_GETFL), and F_SETFL if it was not
                Arguments.of("socket-connect", List.of("socket", "connect", "accept", "getsockname", "close", "fcntl")),
                Arguments.of("channel-blocking", List.of("fcntl")),
                Arguments.of("datagram", List.of("sendto", "recvfrom")),
                Arguments.of("selector", List.of("epoll_wait")),
                // java.io.File's stat is the JDK's own (newfstatat, or stat on a JDK built on an older glibc)
                Arguments.of("file-exists", List.of("newfstatat|stat")),
                Arguments.of("file-exists-missing", List.of("newfstatat|stat")),
                Arguments.of("file-attributes", List.of("newfstatat|stat", "access")),
                Arguments.of("file-list", List.of("openat", "newfstatat", "getdents64", "close")),
                Arguments.of("file-list-big", List.of("openat", "getdents64", "close")),
                // delete: glibc's remove() is unlink, then rmdir when unlink fails with EISDIR
                Arguments.of("file-delete", List.of("openat", fstat, "close", "unlink")),
                Arguments.of("file-delete-dir", List.of("mkdir", "unlink", "rmdir")),
                Arguments.of("file-delete-missing", List.of("unlink")),
                Arguments.of("file-delete-full", List.of("unlink", "rmdir")),
                Arguments.of("file-create-mkdir-rename", List.of("openat", fstat, "close", "mkdir", "rename")),
                Arguments.of("raf-setlength", List.of("ftruncate", "lseek")),
                Arguments.of("socket-options", List.of("setsockopt", "getsockopt")),
                Arguments.of("files-secure-stat", List.of("statx")),
                // the JVM's own side of a spawn; the child's syscalls are the child's (StraceLog)
                Arguments.of("process-pipes", List.of("pipe2", "clone3", "mmap", "munmap", "rt_sigprocmask", "write", "read", "close",
                        "openat", "wait4", "ioctl")),
                Arguments.of("process-inherit", List.of("pipe2", "fcntl", "clone3", "write", "read", "close", "wait4")),
                Arguments.of("process-discard", List.of("pipe2", "fcntl", "clone3", "openat", "close")),
                Arguments.of("process-missing", List.of("pipe2", "clone3", "read", "wait4", "close")),
                Arguments.of("process-fork", List.of("pipe2", "clone", "read", "close", "wait4")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void agentCountsEqualStrace(String op, List<String> expectedKinds, @TempDir Path tmp) throws Exception {
        // the JVM maps and unmaps memory for itself too: more operations keep its share under the tolerance
        int n = op.endsWith("-big") ? N / 2 : op.equals("fc-map") || op.equals("fc-transferFrom") ? 4 * N
                : op.startsWith("process-") ? N / 50 : N;
        ChildJvm.Result one = run(tmp.resolve("n"), op, n);
        ChildJvm.Result two = run(tmp.resolve("2n"), op, 2 * n);
        Map<String, Long> appOne = one.agentCalls(), appTwo = two.agentCalls();
        Map<String, Long> app = diff(appOne, appTwo);
        // strace sees the agent's own syscalls too (probes, its run file): the kernel's count is app + own
        Map<String, Long> agent = op.startsWith("process-") ? app
                : diff(sum(appOne, one.ownCalls()), sum(appTwo, two.ownCalls()));
        Map<String, Long> kernel = op.startsWith("process-")
                ? diff(StraceLog.spawnerCalls(one.straceFile()), StraceLog.spawnerCalls(two.straceFile()))
                : diff(one.straceCalls(), two.straceCalls());

        for (String kind : expectedKinds) {
            assertThat(Stream.of(kind.split("\\|")).anyMatch(app::containsKey))
                    .as("%s: the agent counted %s for the application (it counted %s)", op, kind, app).isTrue();
        }
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Long> e : agent.entrySet()) {
            long k = kernel.getOrDefault(e.getKey(), 0L);
            if (!agree(k, e.getValue())) mismatches.add(e.getKey() + ": agent " + e.getValue() + ", strace " + k);
        }
        assertThat(mismatches).as("%s: agent vs strace for %d extra operations (strace diff %s)", op, n, kernel).isEmpty();
    }

    private static ChildJvm.Result run(Path dir, String op, int n) throws Exception {
        // profile=off: the kernel sees the CPU profiler's own native syscalls (library and symbol reads, its dumps)
        // and the syscalls its SIGPROF restarts (an interrupted connect or socket read is issued again), which no
        // Java hook can see; measured under strace they exceed this oracle's 0.1 % (docs/profiler.md). That the
        // profiler leaves the agent's own counts alone is ProfilerIT.profilingLeavesTheAgentsCountsAlone.
        String options = "out=@RUN,interval=0,quiet,profile=off";
        String[] workload = {op, String.valueOf(n), dir.resolve("data").toString()};
        ChildJvm.Result r = op.startsWith("process-")
                ? ChildJvm.run(dir, List.of("strace", "-f", "-o", dir.resolve("strace.txt").toString()),
                        op.equals("process-fork") ? List.of("-Djdk.lang.Process.launchMechanism=FORK") : List.of(), options, workload)
                : ChildJvm.run(dir, options, true, workload);
        assertThat(r.exit()).as("exit of %s %d: %s", op, n, r.stderr()).isZero();
        return r;
    }

    /** Equal within 0.1 %, and never closer than one call: the JVM's own syscalls of the same kinds. */
    static boolean agree(long a, long b) {
        return Math.abs(a - b) <= Math.max(1, Math.round(0.001 * Math.max(a, b)));
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> s = new TreeMap<>(a);
        for (Map.Entry<String, Long> e : b.entrySet()) s.merge(e.getKey(), e.getValue(), Long::sum);
        return s;
    }

    /** Kinds whose count changed between the runs (the agent reports only kinds it counted). */
    static Map<String, Long> diff(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> d = new TreeMap<>();
        for (String k : new TreeSet<>(b.keySet())) {
            long v = b.get(k) - a.getOrDefault(k, 0L);
            if (v != 0) d.put(k, v);
        }
        return d;
    }
}
