package io.ringzero.agent.it;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/** The workloads of {@link ResourcesIT}: calls on a named data file, a jar and a loopback connection. */
final class ResourceWorkloads {
    static final int ENTRIES = 16;

    private ResourceWorkloads() { }

    /**
     * n seeks and reads on {@code file}, then n entry reads from {@code lib.jar} (JarFile reads entries by seek and
     * read on a RandomAccessFile, as class loading from a jar does).
     */
    static void seekReadFileAndJar(int n, Path dir, Path file) throws Exception {
        Files.write(file, new byte[1 << 16]);
        Path jar = dir.resolve("lib.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (int i = 0; i < ENTRIES; i++) {
                out.putNextEntry(new JarEntry("r/" + i + ".txt"));
                out.write(("entry " + i).getBytes());
                out.closeEntry();
            }
        }
        byte[] b = new byte[64];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            for (int i = 0; i < n; i++) {
                raf.seek((i * 4096L) % (1 << 16));
                raf.readFully(b);
            }
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            for (int i = 0; i < n; i++) {
                try (InputStream in = j.getInputStream(j.getEntry("r/" + (i % ENTRIES) + ".txt"))) {
                    in.readAllBytes();
                }
            }
        }
    }

    /**
     * Four threads reading /dev/zero at once, all through {@link #readA} and {@link #readB} in turn: thread t
     * alternates bursts of {1, 7, 300, 5000}[t] reads, A for two bursts, then B for one, until it made 3 n reads.
     * Prints "sites A B" with the true counts.
     */
    static void sharedKindTwoSites(int n) throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong a = new java.util.concurrent.atomic.AtomicLong(), b = new java.util.concurrent.atomic.AtomicLong();
        int[] bursts = {1, 7, 300, 5000};
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < bursts.length; t++) {
            int burst = bursts[t];
            threads.add(new Thread(() -> {
                try (FileInputStream in = new FileInputStream("/dev/zero")) {
                    go.await();
                    for (int done = 0, k = 0; done < 3 * n; done += burst, k++) {
                        if (k % 3 < 2) { readA(in, burst); a.addAndGet(burst); } else { readB(in, burst); b.addAndGet(burst); }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, "reader-" + t));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) t.join();
        System.out.println("sites " + a.get() + " " + b.get());
    }

    static void readA(FileInputStream in, int n) throws IOException {
        byte[] b = new byte[16];
        for (int i = 0; i < n; i++) in.read(b);
    }

    static void readB(FileInputStream in, int n) throws IOException {
        byte[] b = new byte[16];
        for (int i = 0; i < n; i++) in.read(b);
    }

    /** n one-byte round trips on a loopback connection; prints "ports SERVER CLIENT". */
    static void loopbackTcp(int n) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 1, lo);
             Socket client = new Socket(lo, server.getLocalPort());
             Socket accepted = server.accept()) {
            System.out.println("ports " + server.getLocalPort() + " " + client.getLocalPort());
            OutputStream out = client.getOutputStream();
            InputStream in = accepted.getInputStream();
            for (int i = 0; i < n; i++) {
                out.write(i);
                in.read();
            }
        }
    }
}
