package io.ringzero.workloads.wisconsin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * The database server of the demo: an H2 TCP server, loopback only, serving file-backed databases
 * from a directory, in its own JVM.
 *
 * <pre>
 * java -cp ringzero-workloads.jar io.ringzero.workloads.wisconsin.WisconsinServer \
 *     --base-dir DIR [--port N] [--ignore-stdin]
 * </pre>
 *
 * Prints {@code READY port=N} on stdout once it accepts connections (port 0, the default, picks a
 * free port). Runs until stdin reaches end of file, or, with --ignore-stdin, until SIGTERM or
 * SIGINT. Either way it stops the server before the JVM exits, so H2 closes its files and a Java
 * agent's own shutdown work (writing its run file) happens after a clean stop.
 */
public final class WisconsinServer {

    public static final String READY_PREFIX = "READY port=";

    private WisconsinServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = 0;
        Path baseDir = null;
        boolean ignoreStdin = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = WisconsinClient.nonNegative(WisconsinClient.value(args, ++i, "--port"), "--port");
                    case "--base-dir" -> baseDir = Path.of(WisconsinClient.value(args, ++i, "--base-dir"));
                    case "--ignore-stdin" -> ignoreStdin = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (baseDir == null) {
                throw new IllegalArgumentException("--base-dir is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("wisconsin server: " + e.getMessage());
            System.err.println("usage: WisconsinServer --base-dir DIR [--port N] [--ignore-stdin]");
            System.exit(2);
            return;
        }
        // Without this H2 listens on every interface; the demo must not be reachable from outside.
        // Read by H2 when its classes initialise, so it is set before the first use of Server.
        System.setProperty("h2.bindAddress", "127.0.0.1");
        Files.createDirectories(baseDir);
        Server server;
        try {
            server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists",
                    "-baseDir", baseDir.toAbsolutePath().toString()).start();
        } catch (SQLException e) {
            System.err.println("wisconsin server: cannot start H2: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wisconsin-server-stop"));
        System.out.println(READY_PREFIX + server.getPort());
        System.out.flush();
        if (ignoreStdin) {
            return; // H2's listener thread keeps the JVM alive until a signal runs the hook
        }
        drainUntilEof(System.in);
        System.exit(0);
    }

    private static void drainUntilEof(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // input carries no commands; only its end matters
            }
        } catch (IOException e) {
            // a broken stdin means whoever started us is gone: stop as on end of file
        }
    }
}
