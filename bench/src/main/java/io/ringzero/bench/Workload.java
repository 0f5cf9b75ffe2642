package io.ringzero.bench;

import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worst cases for a per-call counter: many tiny syscalls. Usage: {@code Workload write16|pingpong|exists|reopen|hello N}.
 * Prints {@code loop_s S}: the seconds the operations took, without the JVM's (and an agent's) start-up and exit.
 */
public final class Workload {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        long t0 = System.nanoTime();
        switch (args[0]) {
            case "write16": write16(n); break;
            case "pingpong": pingPong(n); break;
            case "exists": exists(n); break;
            case "reopen": reopen(n); break;
            case "hello": System.out.println("hello"); break;
            default: throw new IllegalArgumentException("unknown workload " + args[0]);
        }
        System.out.println("loop_s " + (System.nanoTime() - t0) / 1e9);
    }

    /** Unbuffered 16-byte writes to a file: one write(2) each. */
    static void write16(int n) throws Exception {
        Path f = Files.createTempFile("ringzero-bench", ".bin");
        byte[] b = new byte[16];
        try (FileOutputStream out = new FileOutputStream(f.toFile())) {
            for (int i = 0; i < n; i++) out.write(b);
        } finally {
            Files.delete(f);
        }
    }

    /** Files.exists on a file that is there: one access(2) each. */
    static void exists(int n) throws Exception {
        Path f = Files.createTempFile("ringzero-bench", ".txt");
        try {
            int found = 0;
            for (int i = 0; i < n; i++) if (Files.exists(f)) found++;
            if (found != n) throw new IllegalStateException("file vanished");
        } finally {
            Files.delete(f);
        }
    }

    /**
     * A new stream at every call (openat, fstat, read, close each): every descriptor is new to the agent, whose
     * walks of each one's first calls have to stay within their budget.
     */
    static void reopen(int n) throws Exception {
        Path f = Files.createTempFile("ringzero-bench", ".bin");
        try {
            Files.write(f, new byte[16]);
            long bytes = 0;
            for (int i = 0; i < n; i++) try (java.io.FileInputStream in = new java.io.FileInputStream(f.toFile())) { bytes += in.read(new byte[16]); }
            if (bytes != 16L * n) throw new IllegalStateException("short read");
        } finally {
            Files.delete(f);
        }
    }

    /** One byte each way over loopback: a write and a read per side per round trip. */
    static void pingPong(int n) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (int c; (c = in.read()) >= 0; ) out.write(c);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            echo.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < n; i++) {
                    out.write(1);
                    in.read();
                }
            }
            echo.join();
        }
    }
}
