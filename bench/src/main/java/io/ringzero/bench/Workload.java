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
 * The worst cases for a per-call counter: many tiny syscalls, and a thread-handoff server. Usage:
 * {@code Workload write16|pingpong|exists|reopen|handoff|hello N}.
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
            case "handoff": handoff(n); break;
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

    /**
     * A thread-handoff HTTP server (the JDK's: a dispatcher thread hands each exchange to a pool of 4) and 4 client
     * threads sending n keep-alive requests in all over loopback (java.net.http): many threads, and a context switch
     * or two per request, the case where per-thread perf events cost most.
     */
    static void handoff(int n) throws Exception {
        // The server writes a response's headers and body separately: without TCP_NODELAY each request waits out the
        // client's delayed ACK (40 ms), and the run measures timers instead of syscalls.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        byte[] body = "ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(pool);
        server.start();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
            java.util.List<Thread> clients = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread c = new Thread(() -> {
                    try {
                        while (left.getAndDecrement() > 0) {
                            java.net.http.HttpResponse<byte[]> r = client.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200) throw new IllegalStateException("status " + r.statusCode());
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                c.start();
                clients.add(c);
            }
            for (Thread c : clients) c.join();
        } finally {
            server.stop(0);
            pool.shutdown();
        }
    }
}
