package io.ringzero.agent.it;

import static io.ringzero.agent.it.IoOperation.Oracle.FILE_STAT;
import static io.ringzero.agent.it.IoOperation.Oracle.FSTAT;
import static io.ringzero.agent.it.IoOperation.Oracle.N;
import static io.ringzero.agent.it.IoOperation.Oracle.expects;
import static io.ringzero.agent.it.IoOperation.Oracle.expectsOnJdk;

import java.io.*;
import java.net.*;
import java.nio.ByteBuffer;
import java.nio.channels.*;
import java.nio.file.*;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.IntFunction;

/**
 * The operations a child JVM runs ({@link IoWorkload}), each one case: its body, which performs one kind of JDK I/O
 * operation {@code n} times with its set-up (opening, connecting) done once outside the loop, so that the
 * difference between a run of n and a run of 2n isolates exactly the syscalls of n operations; and, for the cases
 * of the kernel oracle ({@link SyscallOracleIT}), what the oracle expects of it and how it runs it. The operations
 * at the end have no oracle: other tests run them by name.
 */
enum IoOperation {
    FOS_WRITE1("fos-write1", expects("write"), (n, dir, file) -> {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) { for (int i = 0; i < n; i++) out.write(i); }
    }),
    FOS_WRITE16("fos-write16", expects("write"), (n, dir, file) -> {
        byte[] chunk = new byte[16];
        try (FileOutputStream out = new FileOutputStream(file.toFile())) { for (int i = 0; i < n; i++) out.write(chunk); }
    }),
    FIS_READ1("fis-read1", expects("read"), (n, dir, file) -> {
        fill(file, n);
        try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.read(); }
    }),
    FIS_READ16("fis-read16", expects("read"), (n, dir, file) -> {
        byte[] chunk = new byte[16];
        fill(file, 16L * n);
        try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.read(chunk); }
    }),
    FIS_OPEN("fis-open", expects("openat", FSTAT, "close"), (n, dir, file) -> {
        fill(file, 1);
        for (int i = 0; i < n; i++) new FileInputStream(file.toFile()).close();
    }),
    FIS_OPEN_MISSING("fis-open-missing", expects("openat"), (n, dir, file) -> {
        for (int i = 0; i < n; i++) {
            try { new FileInputStream(dir.resolve("missing").toFile()); } catch (FileNotFoundException expected) { }
        }
    }),
    FIS_SKIP("fis-skip", expects("lseek"), (n, dir, file) -> {
        fill(file, 2L * n);
        try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.skip(1); }
    }),
    // available(): fstat, then ioctl(FIONREAD) or one to three lseeks depending on the file
    FIS_AVAILABLE("fis-available", expects(FSTAT, "lseek"), (n, dir, file) -> {
        fill(file, 1);
        try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.available(); }
    }),
    FIS_AVAILABLE_END("fis-available-end", expects(FSTAT, "lseek"), (n, dir, file) -> {
        fill(file, 1);
        try (FileInputStream in = new FileInputStream(file.toFile())) { in.read(); for (int i = 0; i < n; i++) in.available(); }
    }),
    FIS_AVAILABLE_PAST("fis-available-past", expects(FSTAT, "lseek"), (n, dir, file) -> {
        fill(file, 1);
        try (FileInputStream in = new FileInputStream(file.toFile())) { in.skip(100); for (int i = 0; i < n; i++) in.available(); }
    }),
    FIS_AVAILABLE_DEVNULL("fis-available-devnull", expects(FSTAT, "ioctl", "lseek"), (n, dir, file) -> {
        try (FileInputStream in = new FileInputStream("/dev/null")) { for (int i = 0; i < n; i++) in.available(); }
    }),
    FIS_AVAILABLE_PROC("fis-available-proc", expects(FSTAT, "lseek"), (n, dir, file) -> {
        try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
            in.read();
            for (int i = 0; i < n; i++) {
                try { in.available(); } catch (IOException expected) { }
            }
        }
    }),
    FIS_AVAILABLE_FIFO("fis-available-fifo", expects(FSTAT, "ioctl"), (n, dir, file) -> {
        Path fifo = dir.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) throw new IOException("mkfifo");
        // read-write: opening a FIFO to read only would wait for a writer
        try (RandomAccessFile both = new RandomAccessFile(fifo.toFile(), "rw"); FileInputStream in = new FileInputStream(both.getFD())) {
            for (int i = 0; i < n; i++) in.available();
        }
    }),
    FIS_AVAILABLE_TWO("fis-available-two", expects(FSTAT, "lseek"), (n, dir, file) -> {
        fill(file, 1);
        Path other = dir.resolve("other.bin");
        fill(other, 1);
        // two streams in turn: each call finds the other's type remembered, so the agent asks every time
        try (FileInputStream a = new FileInputStream(file.toFile()); FileInputStream b = new FileInputStream(other.toFile())) {
            for (int i = 0; i < n; i++) (i % 2 == 0 ? a : b).available();
        }
    }),
    RAF_WRITE("raf-write", expects("write"), (n, dir, file) -> {
        byte[] chunk = new byte[16];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { for (int i = 0; i < n; i++) raf.write(chunk); }
    }),
    RAF_READ("raf-read", expects("read"), (n, dir, file) -> {
        byte[] chunk = new byte[16];
        fill(file, 16L * n);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) { for (int i = 0; i < n; i++) raf.read(chunk); }
    }),
    RAF_SEEK("raf-seek", expects("lseek"), (n, dir, file) -> {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { for (int i = 0; i < n; i++) raf.seek(i); }
    }),
    FC_WRITE("fc-write", expects("write"), (n, dir, file) -> {
        try (FileChannel ch = writable(file)) { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.write(b); } }
    }),
    FC_READ("fc-read", expects("read"), (n, dir, file) -> {
        fill(file, 16L * n);
        try (FileChannel ch = FileChannel.open(file)) { ByteBuffer b = ByteBuffer.allocateDirect(16); for (int i = 0; i < n; i++) { b.clear(); ch.read(b); } }
    }),
    FC_PWRITE("fc-pwrite", expects("pwrite64"), (n, dir, file) -> {
        try (FileChannel ch = writable(file)) { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.write(b, 16L * i); } }
    }),
    // 4 N: the JVM's own pread64 (class loading from the jimage) varies by a few calls between runs
    FC_PREAD("fc-pread", expects("pread64").times(4 * N), (n, dir, file) -> {
        fill(file, 16L * n);
        try (FileChannel ch = FileChannel.open(file)) { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.read(b, 16L * i); } }
    }),
    FC_WRITEV("fc-writev", expects("writev"), (n, dir, file) -> {
        try (FileChannel ch = writable(file)) {
            ByteBuffer[] bs = {ByteBuffer.allocate(8), ByteBuffer.allocate(8)};
            for (int i = 0; i < n; i++) { bs[0].clear(); bs[1].clear(); ch.write(bs); }
        }
    }),
    FC_READV("fc-readv", expects("readv"), (n, dir, file) -> {
        fill(file, 16L * n);
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer[] bs = {ByteBuffer.allocate(8), ByteBuffer.allocate(8)};
            for (int i = 0; i < n; i++) { bs[0].clear(); bs[1].clear(); ch.read(bs); }
        }
    }),
    FC_FORCE("fc-force", expects("fdatasync"), (n, dir, file) -> {
        try (FileChannel ch = writable(file)) { for (int i = 0; i < n; i++) ch.force(false); }
    }),
    FC_SIZE("fc-size", expects(FSTAT), (n, dir, file) -> {
        try (FileChannel ch = writable(file)) { for (int i = 0; i < n; i++) ch.size(); }
    }),
    FC_TRUNCATE("fc-truncate", expects("ftruncate", "pwrite64", "lseek", FSTAT), (n, dir, file) -> {
        try (FileChannel ch = writable(file)) { ByteBuffer one = ByteBuffer.allocate(1); for (int i = 0; i < n; i++) { one.clear(); ch.write(one, 32); ch.truncate(32); } }
    }),
    FC_LOCK("fc-lock", expects("fcntl"), (n, dir, file) -> {
        try (FileChannel ch = writable(file)) { for (int i = 0; i < n; i++) ch.lock().release(); }
    }),
    FC_TRANSFER_TO("fc-transferTo", expectsOnJdk(jdk -> List.of(jdk >= 21 ? "copy_file_range" : "sendfile", FSTAT)), (n, dir, file) -> {
        fill(file, 4096);
        try (FileChannel in = FileChannel.open(file); FileChannel out = writable(dir.resolve("copy.bin"))) {
            for (int i = 0; i < n; i++) in.transferTo(0, 4096, out);
        }
    }),
    // JDK 17 maps the source and writes from the mapping; later JDKs copy in the kernel. 4N operations, as fc-map.
    FC_TRANSFER_FROM("fc-transferFrom", expectsOnJdk(jdk -> jdk >= 21 ? List.of("copy_file_range", FSTAT, "lseek")
            : List.of("mmap", "munmap", "pwrite64", FSTAT, "lseek"))
            .times(4 * N), (n, dir, file) -> {
        fill(file, 4096);
        try (FileChannel in = FileChannel.open(file); FileChannel out = writable(dir.resolve("copy.bin"))) {
            for (int i = 0; i < n; i++) { in.position(0); out.transferFrom(in, 0, 4096); }
        }
    }),
    // the JVM maps and unmaps memory for itself too: more operations keep its share under the tolerance
    FC_MAP("fc-map", expects("mmap", "munmap", FSTAT).times(4 * N), (n, dir, file) -> {
        fill(file, 4096);
        try (FileChannel ch = FileChannel.open(file)) { for (int i = 0; i < n; i++) unmap(ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096)); }
    }),
    FILES_EXISTS("files-exists", expects("access"), (n, dir, file) -> {
        fill(file, 1);
        for (int i = 0; i < n; i++) Files.exists(file);
    }),
    FILES_SIZE("files-size", expects("statx"), (n, dir, file) -> {
        fill(file, 1);
        for (int i = 0; i < n; i++) Files.size(file);
    }),
    FILES_READATTRS("files-readattrs", expects("statx"), (n, dir, file) -> {
        fill(file, 1);
        for (int i = 0; i < n; i++) Files.readAttributes(file, "basic:size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    }),
    FILES_NEWBYTECHANNEL("files-newbytechannel", expects("openat", "close"), (n, dir, file) -> {
        fill(file, 1);
        for (int i = 0; i < n; i++) Files.newByteChannel(file).close();
    }),
    FILES_MKDIR_DELETE("files-mkdir-delete", expects("mkdir", "rmdir", "statx"), (n, dir, file) -> {
        for (int i = 0; i < n; i++) { Path d = dir.resolve("d" + i); Files.createDirectory(d); Files.delete(d); }
    }),
    FILES_RENAME("files-rename", expects("rename", "statx"), (n, dir, file) -> {
        fill(file, 1);
        Path a = file, b = dir.resolve("renamed.bin");
        for (int i = 0; i < n; i++) { Files.move(a, b); Path t = a; a = b; b = t; }
    }),
    FILES_LIST("files-list", expects("openat", "dup", "newfstatat", "fcntl", "getdents64", "close"), (n, dir, file) -> {
        Path d = smallDirectory(dir);
        for (int i = 0; i < n; i++) walkDirectoryStream(d);
    }),
    // 2000 entries: several 32 KiB getdents64 buffers per listing
    FILES_LIST_BIG("files-list-big", expects("getdents64", "openat", "close").times(N / 2), (n, dir, file) -> {
        Path d = bigDirectory(dir);
        for (int i = 0; i < n; i++) walkDirectoryStream(d);
    }),
    SOCKET_PINGPONG("socket-pingpong", expects("read", "write"), (n, dir, file) -> pingPong(n, false)),
    SOCKETCHANNEL_PINGPONG("socketchannel-pingpong", expects("read", "write"), (n, dir, file) -> pingPong(n, true)),
    // accept sets the new socket to blocking mode: fcntl(F_GETFL), and F_SETFL if it was not
    SOCKET_CONNECT("socket-connect", expects("socket", "connect", "accept", "getsockname", "close", "fcntl"), (n, dir, file) -> connectLoop(n)),
    // each switch changes the mode: fcntl(F_GETFL) and fcntl(F_SETFL)
    CHANNEL_BLOCKING("channel-blocking", expects("fcntl"), (n, dir, file) -> {
        Pipe p = Pipe.open();
        try {
            for (int i = 0; i < n; i++) p.source().configureBlocking(i % 2 == 1);
        } finally {
            p.source().close();
            p.sink().close();
        }
    }),
    DATAGRAM("datagram", expects("sendto", "recvfrom"), (n, dir, file) -> datagram(n)),
    SELECTOR("selector", expects("epoll_wait"), (n, dir, file) -> selector(n)),
    // each round: wakeup writes the eventfd, the select sees it and drains it (one read)
    SELECTOR_WAKEUP("selector-wakeup", expects("write", "epoll_wait", "read"), (n, dir, file) -> {
        try (Selector s = Selector.open()) { for (int i = 0; i < n; i++) { s.wakeup(); s.selectNow(); } }
    }),
    FILE_EXISTS("file-exists", expects(FILE_STAT), (n, dir, file) -> {
        fill(file, 1);
        File f = file.toFile();
        for (int i = 0; i < n; i++) f.exists();
    }),
    FILE_EXISTS_MISSING("file-exists-missing", expects(FILE_STAT), (n, dir, file) -> {
        File f = dir.resolve("missing").toFile();
        for (int i = 0; i < n; i++) f.exists();
    }),
    FILE_ATTRIBUTES("file-attributes", expects(FILE_STAT, "access"), (n, dir, file) -> {
        fill(file, 1);
        File f = file.toFile();
        for (int i = 0; i < n; i++) { f.length(); f.lastModified(); f.canRead(); }
    }),
    FILE_LIST("file-list", expects("openat", "newfstatat", "getdents64", "close"), (n, dir, file) -> {
        File d = smallDirectory(dir).toFile();
        for (int i = 0; i < n; i++) d.list();
    }),
    FILE_LIST_BIG("file-list-big", expects("openat", "getdents64", "close").times(N / 2), (n, dir, file) -> {
        File d = bigDirectory(dir).toFile();
        for (int i = 0; i < n; i++) d.list();
    }),
    // delete: glibc's remove() is unlink, then rmdir when unlink fails with EISDIR
    FILE_DELETE("file-delete", expects("openat", FSTAT, "close", "unlink"), (n, dir, file) -> {
        File f = dir.resolve("doomed.bin").toFile();
        for (int i = 0; i < n; i++) { f.createNewFile(); f.delete(); }
    }),
    FILE_DELETE_DIR("file-delete-dir", expects("mkdir", "unlink", "rmdir"), (n, dir, file) -> {
        File d = dir.resolve("doomed").toFile();
        for (int i = 0; i < n; i++) { d.mkdir(); d.delete(); }
    }),
    FILE_DELETE_MISSING("file-delete-missing", expects("unlink"), (n, dir, file) -> {
        File f = dir.resolve("missing").toFile();
        for (int i = 0; i < n; i++) f.delete();
    }),
    FILE_DELETE_FULL("file-delete-full", expects("unlink", "rmdir"), (n, dir, file) -> {
        File d = dir.resolve("full").toFile();
        d.mkdir();
        new File(d, "f").createNewFile();
        for (int i = 0; i < n; i++) d.delete();
    }),
    FILE_CREATE_MKDIR_RENAME("file-create-mkdir-rename", expects("openat", FSTAT, "close", "mkdir", "rename"), (n, dir, file) -> {
        File f = dir.resolve("new.bin").toFile(), d = dir.resolve("newdir").toFile(), a = dir.resolve("a").toFile(), b = dir.resolve("b").toFile();
        d.mkdir();
        a.mkdir();
        for (int i = 0; i < n; i++) {
            f.createNewFile();
            Files.delete(f.toPath());
            d.mkdir();
            if (i % 2 == 0) a.renameTo(b); else b.renameTo(a);
        }
    }),
    RAF_SETLENGTH("raf-setlength", expects("ftruncate", "lseek"), (n, dir, file) -> {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { for (int i = 0; i < n; i++) raf.setLength(i % 2 == 0 ? 64 : 0); }
    }),
    SOCKET_OPTIONS("socket-options", expects("setsockopt", "getsockopt"), (n, dir, file) -> socketOptions(n)),
    FILES_SECURE_STAT("files-secure-stat", expects("statx"), (n, dir, file) -> {
        Path d = dir.resolve("listed");
        Files.createDirectories(d);
        fill(d.resolve("f0"), 1);
        try (SecureDirectoryStream<Path> s = (SecureDirectoryStream<Path>) Files.newDirectoryStream(d)) {
            for (int i = 0; i < n; i++) {
                s.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
                s.getFileAttributeView(Paths.get("f0"), BasicFileAttributeView.class).readAttributes();
            }
        }
    }),
    // the JVM's own side of a spawn; the child's syscalls are the child's (StraceLog)
    PROCESS_PIPES("process-pipes", expects("pipe2", "clone3", "mmap", "munmap", "rt_sigprocmask", "write", "read", "close",
            "openat", "wait4", "ioctl").spawning(), (n, dir, file) -> spawn(n, new ProcessBuilder("true"))),
    PROCESS_INHERIT("process-inherit", expects("pipe2", "fcntl", "clone3", "write", "read", "close", "wait4").spawning(),
            (n, dir, file) -> spawn(n, new ProcessBuilder("true").inheritIO())),
    PROCESS_DISCARD("process-discard", expects("pipe2", "fcntl", "clone3", "openat", "close").spawning(), (n, dir, file) ->
            spawn(n, new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD))),
    PROCESS_MISSING("process-missing", expects("pipe2", "clone3", "read", "wait4", "close").spawning(), (n, dir, file) -> {
        for (int i = 0; i < n; i++) {
            try { new ProcessBuilder(dir.resolve("missing").toString()).start(); } catch (IOException expected) { }
        }
    }),
    // posix_spawn is the default launch mechanism: this case spawns with fork (clone) instead
    PROCESS_FORK("process-fork", expects("pipe2", "clone", "read", "close", "wait4").spawning()
            .withJvmArgs("-Djdk.lang.Process.launchMechanism=FORK"), (n, dir, file) -> spawn(n, new ProcessBuilder("true"))),

    // Without an oracle: the workloads of ProfilerIT, SafetyIT, AttachIT, CallSitesIT, StressIT, JfrIT and JmxIT.

    /** Writes for about n milliseconds: long enough for a profiler to sample. */
    FOS_WRITE1_FOR_MS("fos-write1-for-ms", (n, dir, file) -> {
        long end = System.nanoTime() + n * 1_000_000L;
        try (FileOutputStream out = new FileOutputStream(file.toFile())) { while (System.nanoTime() < end) for (int i = 0; i < 1000; i++) out.write(i); }
    }),
    RARE_SITE("rare-site", (n, dir, file) -> {
        byte[] chunk = new byte[16];
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            // the busy writes before and after the rare one from one line: one site (its frames carry line numbers)
            for (int round = 0; round < 2; round++) {
                if (round == 1) rareWrite(dir.resolve("rare.bin"), chunk);
                busyWrites(out, chunk, n);
            }
        }
    }),
    RARE_SITE_CHANNEL("rare-site-channel", (n, dir, file) -> {
        try (FileChannel ch = writable(file)) {
            for (int round = 0; round < 2; round++) { // as rare-site: one busy site
                if (round == 1) rareChannelWrite(dir.resolve("rare.bin"));
                busyChannelWrites(ch, n);
            }
        }
    }),
    SLOW_WRITES("slow-writes", (n, dir, file) -> {
        try (FileOutputStream out = new FileOutputStream("/dev/null")) { for (int i = 0; i < n; i++) { out.write(i); Thread.sleep(1); } }
    }),
    /** n 16-byte pwrites one millisecond apart, then idle for longer than JfrIT's event periods. */
    PACED_PWRITES("paced-pwrites", (n, dir, file) -> {
        try (FileChannel ch = writable(file)) {
            ByteBuffer b = ByteBuffer.allocate(16);
            for (int i = 0; i < n; i++) { b.clear(); ch.write(b, 16L * i); Thread.sleep(1); }
        }
        Thread.sleep(2500);
    }),
    /** n 16-byte pwrites, then "ready" and idle until standard input ends (JmxIT reads the MBean meanwhile). */
    PWRITES_THEN_WAIT("pwrites-then-wait", (n, dir, file) -> {
        try (FileChannel ch = writable(file)) { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.write(b, 16L * i); } }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) { } // blocked in read: nothing is counted until it returns
    }),
    SPAWN("spawn", (n, dir, file) -> {
        for (int i = 0; i < n; i++) new ProcessBuilder("true").start().waitFor();
    }),
    THREADS("threads", (n, dir, file) -> threads(n)),
    VIRTUAL("virtual", (n, dir, file) -> virtualThreads(n)),
    // StackOverflowIoIT: n recursions into StackOverflowError, writing one byte per level
    OVERFLOW_FOS_WRITE("overflow-fos-write", (n, dir, file) -> OverflowWrites.run("overflow-fos-write", n, dir)),
    OVERFLOW_FOS_WRITEBYTES("overflow-fos-writebytes", (n, dir, file) -> OverflowWrites.run("overflow-fos-writebytes", n, dir)),
    OVERFLOW_RAF_WRITE("overflow-raf-write", (n, dir, file) -> OverflowWrites.run("overflow-raf-write", n, dir)),
    // ResourcesIT: what the call sites name as the resources of their calls
    SEEK_READ_FILE_AND_JAR("seek-read-file-and-jar", (n, dir, file) -> ResourceWorkloads.seekReadFileAndJar(n, dir, file)),
    SHARED_KIND_TWO_SITES("shared-kind-two-sites", (n, dir, file) -> ResourceWorkloads.sharedKindTwoSites(n)),
    LOOPBACK_TCP("loopback-tcp", (n, dir, file) -> ResourceWorkloads.loopbackTcp(n));

    /** Performs the operation n times in dir; file is dir/data.bin, the data file of most operations. */
    @FunctionalInterface
    interface Body {
        void run(int n, Path dir, Path file) throws Exception;
    }

    /**
     * What the kernel oracle expects of an operation, and how it runs it.
     *
     * @param kindsOnJdk the syscall kinds the operation is known to issue, by the JDK's feature release; "a|b" is
     *     either kind
     * @param n operations in the smaller of the oracle's two runs (the larger does 2n)
     * @param spawns the operation starts processes: the kernel's count is that of the JVM's spawning threads alone
     * @param jvmArgs for the child JVM
     */
    record Oracle(IntFunction<List<String>> kindsOnJdk, int n, boolean spawns, List<String> jvmArgs) {
        static final int N = 5000;
        /** The JDK's fstat is newfstatat or fstat depending on the glibc it was built against; strace decides. */
        static final String FSTAT = "fstat|newfstatat";
        /** java.io.File's stat is the JDK's own (newfstatat, or stat on a JDK built on an older glibc). */
        static final String FILE_STAT = "newfstatat|stat";

        static Oracle expects(String... kinds) {
            List<String> all = List.of(kinds);
            return expectsOnJdk(jdk -> all);
        }

        static Oracle expectsOnJdk(IntFunction<List<String>> kinds) { return new Oracle(kinds, N, false, List.of()); }

        List<String> kinds(int jdkFeature) { return kindsOnJdk.apply(jdkFeature); }

        Oracle times(int operations) { return new Oracle(kindsOnJdk, operations, spawns, jvmArgs); }

        /**
         * Counted from a full strace log, thread by thread (StraceLog): strace -c cannot tell the spawned children
         * apart. N / 50 operations: each spawn takes milliseconds.
         */
        Oracle spawning() { return new Oracle(kindsOnJdk, N / 50, true, jvmArgs); }

        Oracle withJvmArgs(String... args) { return new Oracle(kindsOnJdk, n, spawns, List.of(args)); }
    }

    private final String id;
    private final Oracle oracle;
    private final Body body;

    IoOperation(String id, Oracle oracle, Body body) {
        this.id = id;
        this.oracle = oracle;
        this.body = body;
    }

    IoOperation(String id, Body body) { this(id, null, body); }

    /** The name the command line and the tests give the operation. */
    String id() { return id; }

    /** What the kernel oracle checks, or null for an operation it does not run. */
    Oracle oracle() { return oracle; }

    void run(int n, Path dir) throws Exception { body.run(n, dir, dir.resolve("data.bin")); }

    static IoOperation named(String id) {
        for (IoOperation op : values()) if (op.id.equals(id)) return op;
        throw new IllegalArgumentException("unknown op " + id);
    }

    /** The id: parameterized tests name their cases with it. */
    @Override
    public String toString() { return id; }

    static FileChannel writable(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    static void fill(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(65536);
            for (long left = bytes; left > 0; ) {
                b.clear().limit((int) Math.min(left, b.capacity()));
                left -= ch.write(b);
            }
        }
    }

    /** dir/listed with five one-byte files. */
    static Path smallDirectory(Path dir) throws IOException {
        Path d = dir.resolve("listed");
        Files.createDirectories(d);
        for (int i = 0; i < 5; i++) fill(d.resolve("f" + i), 1);
        return d;
    }

    /** dir/big with 2000 empty files of long names, made once. */
    static Path bigDirectory(Path dir) throws IOException {
        Path d = dir.resolve("big");
        Files.createDirectories(d);
        for (int i = 0; i < 2000; i++) {
            Path f = d.resolve("entry-with-a-longer-name-" + i);
            if (!Files.exists(f)) Files.createFile(f);
        }
        return d;
    }

    static void walkDirectoryStream(Path d) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) { for (Path p : s) { } }
    }

    /**
     * Each process is waited for and its streams closed, and the process reaper thread is let go back to its
     * pool, so that the next spawn reuses it instead of starting a thread (whose stack mmap and signal masking
     * the kernel would count too).
     */
    static void spawn(int n, ProcessBuilder pb) throws Exception {
        for (int i = 0; i < n; i++) {
            Process p = pb.start();
            p.waitFor();
            p.getOutputStream().close();
            p.getInputStream().close();
            p.getErrorStream().close();
            while (reaperBusy()) Thread.sleep(1);
        }
    }

    private static boolean reaperBusy() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("process reaper") && t.getState() != Thread.State.TIMED_WAITING) return true;
        }
        return false;
    }

    static void socketOptions(int n) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            for (int i = 0; i < n; i++) {
                s.setTcpNoDelay(i % 2 == 0);
                s.getTcpNoDelay();
            }
        }
    }

    /** Unmaps now (munmap) instead of whenever the GC finds the buffer unreachable. */
    static void unmap(ByteBuffer mapped) throws Exception {
        java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Object unsafe = f.get(null);
        unsafe.getClass().getMethod("invokeCleaner", ByteBuffer.class).invoke(unsafe, mapped);
    }

    // Call sites of their own for CallSitesIT: many writes on one stream or channel, one on another.
    static void busyWrites(OutputStream out, byte[] chunk, int n) throws IOException { for (int i = 0; i < n; i++) out.write(chunk); }
    static void rareWrite(Path p, byte[] chunk) throws IOException { try (FileOutputStream out = new FileOutputStream(p.toFile())) { out.write(chunk); } }
    static void busyChannelWrites(FileChannel ch, int n) throws IOException { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.write(b); } }
    static void rareChannelWrite(Path p) throws IOException { try (FileChannel ch = writable(p)) { ch.write(ByteBuffer.allocate(16)); } }

    static void pingPong(int n, boolean channels) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream();
                    for (int b; (b = in.read()) >= 0; ) out.write(b);
                } catch (IOException e) { throw new UncheckedIOException(e); }
            });
            echo.start();
            if (channels) {
                try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()))) {
                    ByteBuffer b = ByteBuffer.allocateDirect(1);
                    for (int i = 0; i < n; i++) { b.clear(); ch.write(b); b.clear(); ch.read(b); }
                }
            } else {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream();
                    for (int i = 0; i < n; i++) { out.write(1); in.read(); }
                }
            }
            echo.join();
        }
    }

    static void connectLoop(int n) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < n; i++) {
                try (SocketChannel c = SocketChannel.open(server.getLocalAddress()); SocketChannel a = server.accept()) { }
            }
        }
    }

    static void datagram(int n) throws Exception {
        try (DatagramChannel rx = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramChannel tx = DatagramChannel.open()) {
            ByteBuffer b = ByteBuffer.allocate(8);
            for (int i = 0; i < n; i++) { b.clear(); tx.send(b, rx.getLocalAddress()); b.clear(); rx.receive(b); }
        }
    }

    static void selector(int n) throws Exception {
        try (Selector sel = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            server.register(sel, SelectionKey.OP_ACCEPT);
            for (int i = 0; i < n; i++) sel.selectNow();
        }
    }

    /** 64 platform threads, each writing n times. */
    static void threads(int n) throws Exception {
        Path sink = Paths.get("/dev/null");
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            ts.add(new Thread(() -> {
                try (FileOutputStream out = new FileOutputStream(sink.toFile())) { for (int i = 0; i < n; i++) out.write(i); }
                catch (IOException e) { throw new UncheckedIOException(e); }
            }));
        }
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
    }

    /** n virtual threads, each writing 10 times; falls back to an error on JDKs without them. */
    static void virtualThreads(int n) throws Exception {
        java.lang.reflect.Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        try (FileOutputStream out = new FileOutputStream("/dev/null")) {
            ExecutorService ex = (ExecutorService) m.invoke(null);
            for (int i = 0; i < n; i++) {
                ex.submit(() -> { for (int k = 0; k < 10; k++) out.write(k); return null; });
            }
            ex.shutdown();
            ex.awaitTermination(1, TimeUnit.HOURS);
        }
    }
}
