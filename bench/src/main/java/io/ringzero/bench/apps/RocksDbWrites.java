package io.ringzero.bench.apps;

import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * RocksDB through its JNI library: N puts with the write-ahead log synced every 100, a flush, and N gets; its
 * background threads (flush, compaction) are RocksDB's own, started by the native library.
 */
final class RocksDbWrites {
    private RocksDbWrites() {
    }

    static void write(int n, Path dir) throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dir.resolve("rocks").toString());
             WriteOptions plain = new WriteOptions();
             WriteOptions synced = new WriteOptions().setSync(true);
             FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            for (int i = 0; i < n; i++) {
                db.put(i % 100 == 99 ? synced : plain, key(i), ("value " + i).getBytes(StandardCharsets.US_ASCII));
            }
            db.flush(flush);
            int found = 0;
            for (int i = 0; i < n; i++) {
                found += db.get(key(i)) != null ? 1 : 0;
            }
            if (found != n) {
                throw new IllegalStateException(found + " of " + n + " keys found");
            }
        }
    }

    private static byte[] key(int i) {
        return String.format("key%08d", i).getBytes(StandardCharsets.US_ASCII);
    }
}
