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
     * Four threads reading /dev/zero at once: two through {@link #readA} (n reads each), two through {@link #readB}
     * (2 n each), all started together so that their calls interleave.
     */
    static void sharedKindTwoSites(int n) throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean a = t < 2;
            threads.add(new Thread(() -> {
                try (FileInputStream in = new FileInputStream("/dev/zero")) {
                    go.await();
                    if (a) readA(in, n); else readB(in, 2 * n);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, (a ? "reader-a-" : "reader-b-") + t));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) t.join();
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
