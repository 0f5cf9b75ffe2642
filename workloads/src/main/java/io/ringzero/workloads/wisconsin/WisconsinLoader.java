package io.ringzero.workloads.wisconsin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and fills the relations once per database. A marker row, holding the TENK size, says the
 * tables exist, are complete and hold their initial data; the client removes it while its update
 * phase has them modified, so a run that dies half way forces a reload instead of failing later.
 */
public final class WisconsinLoader {

    private static final int BATCH = 500;

    private WisconsinLoader() {
    }

    /** True if the relations are loaded at this scale and in their initial state. */
    public static boolean isLoaded(Connection c, Scale scale) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT tenk_rows FROM " + WisconsinSchema.LOADED_MARKER)) {
                return rs.next() && rs.getInt(1) == scale.tenkRows();
            }
        } catch (SQLException noMarkerTable) {
            return false;
        }
    }

    /** Loads the relations unless {@link #isLoaded}; returns whether it loaded. */
    public static boolean loadIfNeeded(Connection c, Scale scale) throws SQLException {
        if (isLoaded(c, scale)) {
            return false;
        }
        load(c, scale);
        return true;
    }

    /** Drops whatever is there and loads the relations from scratch. */
    public static void load(Connection c, Scale scale) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + WisconsinSchema.LOADED_MARKER);
            for (String table : WisconsinSchema.TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table);
                for (String ddl : WisconsinSchema.createStatements(table)) {
                    s.execute(ddl);
                }
            }
            // One transaction per relation: the load is set-up, not part of the measured query set.
            c.setAutoCommit(false);
            WisconsinTuple[] tenk = WisconsinGenerator.forRows(scale.tenkRows()).relation();
            insert(c, WisconsinSchema.ONEKTUP, WisconsinGenerator.forRows(scale.onekRows()).relation(),
                    scale.onekRows());
            insert(c, WisconsinSchema.TENK1, tenk, tenk.length);
            insert(c, WisconsinSchema.TENK2, tenk, tenk.length);
            insert(c, WisconsinSchema.BPRIME, tenk, scale.onekRows());
            c.setAutoCommit(autoCommit);
            s.execute("CREATE TABLE " + WisconsinSchema.LOADED_MARKER + " (tenk_rows INT NOT NULL)");
            markLoaded(c, scale);
        } finally {
            if (c.getAutoCommit() != autoCommit) {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    static void markLoaded(Connection c, Scale scale) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + WisconsinSchema.LOADED_MARKER + " VALUES (" + scale.tenkRows() + ")");
        }
    }

    static void markModified(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + WisconsinSchema.LOADED_MARKER);
        }
    }

    private static void insert(Connection c, String table, WisconsinTuple[] tuples, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WisconsinSchema.insertStatement(table))) {
            for (int i = 0; i < count; i++) {
                WisconsinTuple t = tuples[i];
                ps.setInt(1, t.unique1());
                ps.setInt(2, t.unique2());
                ps.setInt(3, t.two());
                ps.setInt(4, t.four());
                ps.setInt(5, t.ten());
                ps.setInt(6, t.twenty());
                ps.setInt(7, t.onePercent());
                ps.setInt(8, t.tenPercent());
                ps.setInt(9, t.twentyPercent());
                ps.setInt(10, t.fiftyPercent());
                ps.setInt(11, t.unique3());
                ps.setInt(12, t.evenOnePercent());
                ps.setInt(13, t.oddOnePercent());
                ps.setString(14, t.stringu1());
                ps.setString(15, t.stringu2());
                ps.setString(16, t.string4());
                ps.addBatch();
                if ((i + 1) % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
    }
}
