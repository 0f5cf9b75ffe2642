package io.ringzero.bench.apps;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Third-party applications whose syscalls {@code ringzero run} attributes (docs/attribution.md). Usage:
 * {@code Apps netty-epoll|sqlite|rocksdb|lucene N [DIR]}; DIR (default: a new temporary directory) holds the data.
 * Prints {@code loop_s S}, the seconds the work took without start-up and exit.
 */
public final class Apps {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        Path dir = args.length > 2 ? Files.createDirectories(Path.of(args[2])) : Files.createTempDirectory("ringzero-apps");
        long t0 = System.nanoTime();
        switch (args[0]) {
            case "netty-epoll" -> NettyEpollServer.serve(n);
            case "sqlite" -> SqliteInserts.insert(n, dir);
            case "rocksdb" -> RocksDbWrites.write(n, dir);
            case "lucene" -> LuceneIndex.indexAndSearch(n, dir);
            default -> throw new IllegalArgumentException("unknown application " + args[0]);
        }
        System.out.println("loop_s " + (System.nanoTime() - t0) / 1e9);
    }
}
