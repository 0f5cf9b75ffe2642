package io.ringzero.agent.it;

import java.io.*;
import java.net.*;
import java.nio.ByteBuffer;
import java.nio.channels.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

/**
 * A child-JVM workload that performs one kind of JDK I/O operation {@code n} times, so that the
 * difference between a run of n and a run of 2n isolates exactly the syscalls of n operations.
 * Usage: {@code IoWorkload OP N DIR}. Set-up work (opening, connecting) is done once, outside the loop.
 */
public final class IoWorkload {
    public static void main(String[] args) throws Exception {
        String op = args[0];
        int n = Integer.parseInt(args[1]);
        Path dir = Paths.get(args[2]);
        Files.createDirectories(dir);
        run(op, n, dir);
        System.out.println("done " + op + " " + n);
    }

    static void run(String op, int n, Path dir) throws Exception {
        Path file = dir.resolve("data.bin");
        byte[] chunk = new byte[16];
        switch (op) {
            case "fos-write1": try (FileOutputStream out = new FileOutputStream(file.toFile())) { for (int i = 0; i < n; i++) out.write(i); } break;
            case "fos-write1-for-ms": { long end = System.nanoTime() + n * 1_000_000L; try (FileOutputStream out = new FileOutputStream(file.toFile())) { while (System.nanoTime() < end) for (int i = 0; i < 1000; i++) out.write(i); } break; }
            case "fos-write16": try (FileOutputStream out = new FileOutputStream(file.toFile())) { for (int i = 0; i < n; i++) out.write(chunk); } break;
            case "fis-read1": { fill(file, n); try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.read(); } break; }
            case "fis-read16": { fill(file, 16L * n); try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.read(chunk); } break; }
            case "fis-open": { fill(file, 1); for (int i = 0; i < n; i++) new FileInputStream(file.toFile()).close(); break; }
            case "fis-open-missing": { for (int i = 0; i < n; i++) { try { new FileInputStream(dir.resolve("missing").toFile()); } catch (FileNotFoundException expected) { } } break; }
            case "fis-skip": { fill(file, 2L * n); try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.skip(1); } break; }
            case "fis-available": { fill(file, 1); try (FileInputStream in = new FileInputStream(file.toFile())) { for (int i = 0; i < n; i++) in.available(); } break; }
            case "fis-available-end": { fill(file, 1); try (FileInputStream in = new FileInputStream(file.toFile())) { in.read(); for (int i = 0; i < n; i++) in.available(); } break; }
            case "fis-available-past": { fill(file, 1); try (FileInputStream in = new FileInputStream(file.toFile())) { in.skip(100); for (int i = 0; i < n; i++) in.available(); } break; }
            case "fis-available-devnull": try (FileInputStream in = new FileInputStream("/dev/null")) { for (int i = 0; i < n; i++) in.available(); } break;
            case "fis-available-proc": try (FileInputStream in = new FileInputStream("/proc/self/stat")) { in.read(); for (int i = 0; i < n; i++) { try { in.available(); } catch (IOException expected) { } } } break;
            case "fis-available-fifo": { Path fifo = dir.resolve("fifo"); if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) throw new IOException("mkfifo");
                // read-write: opening a FIFO to read only would wait for a writer
                try (RandomAccessFile both = new RandomAccessFile(fifo.toFile(), "rw"); FileInputStream in = new FileInputStream(both.getFD())) { for (int i = 0; i < n; i++) in.available(); } break; }
            case "fis-available-two": { fill(file, 1); Path other = dir.resolve("other.bin"); fill(other, 1);
                // two streams in turn: each call finds the other's type remembered, so the agent asks every time
                try (FileInputStream a = new FileInputStream(file.toFile()); FileInputStream b = new FileInputStream(other.toFile())) { for (int i = 0; i < n; i++) (i % 2 == 0 ? a : b).available(); } break; }
            case "raf-write": try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { for (int i = 0; i < n; i++) raf.write(chunk); } break;
            case "raf-read": { fill(file, 16L * n); try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) { for (int i = 0; i < n; i++) raf.read(chunk); } break; }
            case "raf-seek": try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { for (int i = 0; i < n; i++) raf.seek(i); } break;
            case "fc-write": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.write(b); } } break;
            case "fc-read": { fill(file, 16L * n); try (FileChannel ch = FileChannel.open(file)) { ByteBuffer b = ByteBuffer.allocateDirect(16); for (int i = 0; i < n; i++) { b.clear(); ch.read(b); } } break; }
            case "fc-pwrite": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.write(b, 16L * i); } } break;
            case "fc-pread": { fill(file, 16L * n); try (FileChannel ch = FileChannel.open(file)) { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.read(b, 16L * i); } } break; }
            case "fc-writev": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { ByteBuffer[] bs = { ByteBuffer.allocate(8), ByteBuffer.allocate(8) }; for (int i = 0; i < n; i++) { bs[0].clear(); bs[1].clear(); ch.write(bs); } } break;
            case "fc-readv": { fill(file, 16L * n); try (FileChannel ch = FileChannel.open(file)) { ByteBuffer[] bs = { ByteBuffer.allocate(8), ByteBuffer.allocate(8) }; for (int i = 0; i < n; i++) { bs[0].clear(); bs[1].clear(); ch.read(bs); } } break; }
            case "fc-force": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { for (int i = 0; i < n; i++) ch.force(false); } break;
            case "fc-size": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { for (int i = 0; i < n; i++) ch.size(); } break;
            case "fc-truncate": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { ByteBuffer one = ByteBuffer.allocate(1); for (int i = 0; i < n; i++) { one.clear(); ch.write(one, 32); ch.truncate(32); } } break;
            case "fc-lock": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { for (int i = 0; i < n; i++) ch.lock().release(); } break;
            case "fc-transferTo": { fill(file, 4096); Path out = dir.resolve("copy.bin"); try (FileChannel in = FileChannel.open(file); FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { for (int i = 0; i < n; i++) in.transferTo(0, 4096, o); } break; }
            case "fc-map": { fill(file, 4096); try (FileChannel ch = FileChannel.open(file)) { for (int i = 0; i < n; i++) unmap(ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096)); } break; }
            case "fc-transferFrom": { fill(file, 4096); Path out = dir.resolve("copy.bin"); try (FileChannel in = FileChannel.open(file); FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { for (int i = 0; i < n; i++) { in.position(0); o.transferFrom(in, 0, 4096); } } break; }
            case "files-exists": { fill(file, 1); for (int i = 0; i < n; i++) Files.exists(file); break; }
            case "files-size": { fill(file, 1); for (int i = 0; i < n; i++) Files.size(file); break; }
            case "files-readattrs": { fill(file, 1); for (int i = 0; i < n; i++) Files.readAttributes(file, "basic:size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS); break; }
            case "files-newbytechannel": { fill(file, 1); for (int i = 0; i < n; i++) Files.newByteChannel(file).close(); break; }
            case "files-mkdir-delete": { for (int i = 0; i < n; i++) { Path d = dir.resolve("d" + i); Files.createDirectory(d); Files.delete(d); } break; }
            case "files-rename": { fill(file, 1); Path a = file, b = dir.resolve("renamed.bin"); for (int i = 0; i < n; i++) { Files.move(a, b); Path t = a; a = b; b = t; } break; }
            case "files-list": { Path d = dir.resolve("listed"); Files.createDirectories(d); for (int i = 0; i < 5; i++) fill(d.resolve("f" + i), 1); for (int i = 0; i < n; i++) try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) { for (Path p : s) { } } break; }
            case "files-list-big": { Path d = dir.resolve("big"); Files.createDirectories(d); for (int i = 0; i < 2000; i++) { Path f = d.resolve("entry-with-a-longer-name-" + i); if (!Files.exists(f)) Files.createFile(f); } for (int i = 0; i < n; i++) try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) { for (Path p : s) { } } break; }
            case "socket-pingpong": pingPong(n, false); break;
            case "socketchannel-pingpong": pingPong(n, true); break;
            case "socket-connect": connectLoop(n); break;
            case "datagram": datagram(n); break;
            case "selector": selector(n); break;
            case "rare-site": try (FileOutputStream out = new FileOutputStream(file.toFile())) { busyWrites(out, chunk, n); rareWrite(dir.resolve("rare.bin"), chunk); busyWrites(out, chunk, n); } break;
            case "rare-site-channel": try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { busyChannelWrites(ch, n); rareChannelWrite(dir.resolve("rare.bin")); busyChannelWrites(ch, n); } break;
            case "slow-writes": try (FileOutputStream out = new FileOutputStream("/dev/null")) { for (int i = 0; i < n; i++) { out.write(i); Thread.sleep(1); } } break;
            case "file-exists": { fill(file, 1); File f = file.toFile(); for (int i = 0; i < n; i++) f.exists(); break; }
            case "file-exists-missing": { File f = dir.resolve("missing").toFile(); for (int i = 0; i < n; i++) f.exists(); break; }
            case "file-attributes": { fill(file, 1); File f = file.toFile(); for (int i = 0; i < n; i++) { f.length(); f.lastModified(); f.canRead(); } break; }
            case "file-list": { Path d = dir.resolve("listed"); Files.createDirectories(d); for (int i = 0; i < 5; i++) fill(d.resolve("f" + i), 1); File f = d.toFile(); for (int i = 0; i < n; i++) f.list(); break; }
            case "file-list-big": { Path d = dir.resolve("big"); Files.createDirectories(d); for (int i = 0; i < 2000; i++) { Path f = d.resolve("entry-with-a-longer-name-" + i); if (!Files.exists(f)) Files.createFile(f); } File f = d.toFile(); for (int i = 0; i < n; i++) f.list(); break; }
            case "file-delete": { File f = dir.resolve("doomed.bin").toFile(); for (int i = 0; i < n; i++) { f.createNewFile(); f.delete(); } break; }
            case "file-delete-dir": { File d = dir.resolve("doomed").toFile(); for (int i = 0; i < n; i++) { d.mkdir(); d.delete(); } break; }
            case "file-delete-missing": { File f = dir.resolve("missing").toFile(); for (int i = 0; i < n; i++) f.delete(); break; }
            case "file-delete-full": { File d = dir.resolve("full").toFile(); d.mkdir(); new File(d, "f").createNewFile(); for (int i = 0; i < n; i++) d.delete(); break; }
            case "file-create-mkdir-rename": { File f = dir.resolve("new.bin").toFile(), d = dir.resolve("newdir").toFile(), a = dir.resolve("a").toFile(), b = dir.resolve("b").toFile(); d.mkdir(); a.mkdir(); for (int i = 0; i < n; i++) { f.createNewFile(); Files.delete(f.toPath()); d.mkdir(); if (i % 2 == 0) a.renameTo(b); else b.renameTo(a); } break; }
            case "process-pipes": spawn(n, new ProcessBuilder("true")); break;
            case "process-inherit": spawn(n, new ProcessBuilder("true").inheritIO()); break;
            case "process-discard": spawn(n, new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)); break;
            case "process-missing": for (int i = 0; i < n; i++) { try { new ProcessBuilder(dir.resolve("missing").toString()).start(); } catch (IOException expected) { } } break;
            case "process-fork": spawn(n, new ProcessBuilder("true")); break; // with -Djdk.lang.Process.launchMechanism=FORK
            case "raf-setlength": try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { for (int i = 0; i < n; i++) raf.setLength(i % 2 == 0 ? 64 : 0); } break;
            case "socket-options": socketOptions(n); break;
            // each switch changes the mode: fcntl(F_GETFL) and fcntl(F_SETFL)
            case "channel-blocking": { Pipe p = Pipe.open(); try { for (int i = 0; i < n; i++) p.source().configureBlocking(i % 2 == 1); } finally { p.source().close(); p.sink().close(); } break; }
            case "files-secure-stat": { Path d = dir.resolve("listed"); Files.createDirectories(d); fill(d.resolve("f0"), 1); try (SecureDirectoryStream<Path> s = (SecureDirectoryStream<Path>) Files.newDirectoryStream(d)) { for (int i = 0; i < n; i++) { s.getFileAttributeView(java.nio.file.attribute.BasicFileAttributeView.class).readAttributes(); s.getFileAttributeView(Paths.get("f0"), java.nio.file.attribute.BasicFileAttributeView.class).readAttributes(); } } break; }
            case "spawn": for (int i = 0; i < n; i++) new ProcessBuilder("true").start().waitFor(); break;
            case "threads": threads(n); break;
            case "virtual": virtualThreads(n, file); break;
            case "overflow-fos-write", "overflow-fos-writebytes", "overflow-raf-write": OverflowWrites.run(op, n, dir); break;
            default: throw new IllegalArgumentException("unknown op " + op);
        }
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

    static void fill(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(65536);
            for (long left = bytes; left > 0; ) {
                b.clear().limit((int) Math.min(left, b.capacity()));
                left -= ch.write(b);
            }
        }
    }

    // Call sites of their own for CallSitesIT: many writes on one stream or channel, one on another.
    static void busyWrites(OutputStream out, byte[] chunk, int n) throws IOException { for (int i = 0; i < n; i++) out.write(chunk); }
    static void rareWrite(Path p, byte[] chunk) throws IOException { try (FileOutputStream out = new FileOutputStream(p.toFile())) { out.write(chunk); } }
    static void busyChannelWrites(FileChannel ch, int n) throws IOException { ByteBuffer b = ByteBuffer.allocate(16); for (int i = 0; i < n; i++) { b.clear(); ch.write(b); } }
    static void rareChannelWrite(Path p) throws IOException { try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) { ch.write(ByteBuffer.allocate(16)); } }

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
    static void virtualThreads(int n, Path file) throws Exception {
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
