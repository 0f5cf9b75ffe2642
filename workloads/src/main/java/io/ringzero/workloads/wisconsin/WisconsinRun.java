package io.ringzero.workloads.wisconsin;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs the query set over one connection: every SELECT once per loop, then, once, the update
 * statements and the statements that undo them.
 *
 * <p>sql-bench runs each SELECT loop_count times before moving to the next; here the loop is the
 * outer one so a run can report progress per loop. Each statement still runs the same number of
 * times. Rows are fetched and every column read, as sql-bench's fetch_all_rows does, because
 * shipping the rows is where the client and server spend their system calls.
 */
public final class WisconsinRun {

    /** Told after each loop; lets the client print progress. */
    @FunctionalInterface
    public interface LoopListener {
        void loopDone(int loop, int loops, long elapsedNanos);
    }

    /** What a run did. {@code statements} counts SELECTs and update statements alike. */
    public record Totals(int loops, long statements, long rowsReturned, long rowsChanged, long nanos) {
        public double seconds() {
            return nanos / 1e9;
        }
    }

    private final WisconsinQueries queries;

    public WisconsinRun(WisconsinQueries queries) {
        this.queries = queries;
    }

    public Totals run(Connection c, int loops, LoopListener listener) throws QueryFailedException, SQLException {
        if (loops < 0) {
            throw new IllegalArgumentException("loops must be >= 0, was " + loops);
        }
        List<WisconsinQuery> selects = queries.selects();
        long start = System.nanoTime();
        long statements = 0;
        long rows = 0;
        try (Statement s = c.createStatement()) {
            for (int loop = 1; loop <= loops; loop++) {
                for (WisconsinQuery q : selects) {
                    rows += fetchAll(s, q);
                    statements++;
                }
                listener.loopDone(loop, loops, System.nanoTime() - start);
            }
            long changed = 0;
            WisconsinLoader.markModified(c);
            for (WisconsinQuery q : queries.updates()) {
                changed += update(s, q);
                statements++;
            }
            for (WisconsinQuery q : queries.restore()) {
                changed += update(s, q);
                statements++;
            }
            WisconsinLoader.markLoaded(c, queries.scale());
            return new Totals(loops, statements, rows, changed, System.nanoTime() - start);
        }
    }

    private static long fetchAll(Statement s, WisconsinQuery q) throws QueryFailedException {
        try (ResultSet rs = s.executeQuery(q.sql())) {
            int columns = rs.getMetaData().getColumnCount();
            long n = 0;
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
                n++;
            }
            return n;
        } catch (SQLException e) {
            throw new QueryFailedException(q, e);
        }
    }

    private static int update(Statement s, WisconsinQuery q) throws QueryFailedException {
        int changed;
        try {
            changed = s.executeUpdate(q.sql());
        } catch (SQLException e) {
            throw new QueryFailedException(q, e);
        }
        // A statement that changes nothing means the data were not what the update phase expects;
        // going on would leave the database neither loaded nor restored.
        if (changed != q.expectedRows()) {
            throw new QueryFailedException(q, "changed " + changed + " rows, expected " + q.expectedRows());
        }
        return changed;
    }
}
