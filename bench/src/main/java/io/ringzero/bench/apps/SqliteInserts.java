package io.ringzero.bench.apps;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * SQLite through sqlite-jdbc, whose JNI library holds SQLite itself: N rows inserted in transactions of 10 (the
 * journal's writes and syncs), then read back by key. Its file I/O comes from the native library, not the JDK.
 */
final class SqliteInserts {
    private SqliteInserts() {
    }

    static void insert(int n, Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("apps.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists t");
                s.execute("create table t (k integer primary key, v text)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("insert into t values (?, ?)")) {
                for (int i = 0; i < n; i++) {
                    p.setInt(1, i);
                    p.setString(2, "value " + i);
                    p.executeUpdate();
                    if (i % 10 == 9) {
                        c.commit();
                    }
                }
            }
            c.commit();
            long found = 0;
            try (PreparedStatement q = c.prepareStatement("select v from t where k = ?")) {
                for (int i = 0; i < n; i++) {
                    q.setInt(1, i);
                    try (ResultSet r = q.executeQuery()) {
                        found += r.next() ? 1 : 0;
                    }
                }
            }
            if (found != n) {
                throw new IllegalStateException(found + " of " + n + " rows found");
            }
        }
    }
}
