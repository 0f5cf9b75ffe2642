package io.ringzero.workloads.wisconsin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the query set against an in-memory H2 in this JVM. */
class WisconsinQueriesTest {

    private Connection connection;

    private Connection open(String name) throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        return connection;
    }

    @AfterEach
    void close() throws SQLException {
        if (connection != null) {
            try (Statement s = connection.createStatement()) {
                s.execute("DROP ALL OBJECTS");
            }
            connection.close();
        }
    }

    @Test
    void loadsTheRelationsWithTheirSizesAndIndexes() throws Exception {
        Connection c = open("sizes");
        WisconsinLoader.load(c, Scale.SMALL);

        assertThat(count(c, "TENK1")).isEqualTo(1_000);
        assertThat(count(c, "TENK2")).isEqualTo(1_000);
        assertThat(count(c, "ONEKTUP")).isEqualTo(100);
        assertThat(count(c, "BPRIME")).isEqualTo(100);
        assertThat(single(c, "SELECT MAX(unique2) FROM BPRIME")).isEqualTo(99);
        assertThat(single(c, "SELECT COUNT(DISTINCT unique1) FROM TENK1")).isEqualTo(1_000);
        assertThat(single(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'TENK1'"))
                .as("unique1, unique2, onePercent").isEqualTo(3);
    }

    @Test
    void sqlBenchSelectionsReturnTheirKnownCardinalitiesAtTenk() throws Exception {
        Connection c = open("tenk");
        WisconsinLoader.load(c, Scale.TENK);
        List<WisconsinQuery> selects = new WisconsinQueries(Scale.TENK).selects();

        assertThat(selects).extracting(WisconsinQuery::name).containsExactly(
                "select1pct", "select10pct", "select1tuple", "select1pctIndexed", "joinAselB", "joinABprime",
                "joinCselAselB", "project1pct", "project100pct", "minAgg");
        // At the benchmark's size the statements carry sql-bench's own constants.
        assertThat(selects.get(0).sql()).contains("(unique2 > 301) AND (unique2 < 402)");
        assertThat(selects.get(1).sql()).contains("(unique1 > 647) AND (unique1 < 1648)");
        assertThat(selects.get(2).sql()).endsWith("unique2 = 2001");
        assertThat(selects.get(4).sql()).contains("t2.unique2 < 1000");
        assertThat(rows(c, selects.get(0))).isEqualTo(100);
        assertThat(rows(c, selects.get(1))).isEqualTo(1_000);
        assertThat(rows(c, selects.get(2))).isEqualTo(1);
        assertThat(rows(c, selects.get(3))).isEqualTo(100);
        assertThat(rows(c, selects.get(4))).isEqualTo(1_000);
        assertThat(rows(c, selects.get(5))).isEqualTo(1_000);
        assertThat(rows(c, selects.get(6))).isEqualTo(1_000);
        assertThat(rows(c, selects.get(7))).isEqualTo(10_000);
        assertThat(rows(c, selects.get(8))).isEqualTo(1_000);
        assertThat(rows(c, selects.get(9))).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Scale.class)
    void everySelectReturnsItsExpectedRows(Scale scale) throws Exception {
        Connection c = open("expected" + scale);
        WisconsinLoader.load(c, scale);

        for (WisconsinQuery q : new WisconsinQueries(scale).selects()) {
            assertThat(rows(c, q)).as(q.name() + ": " + q.sql()).isEqualTo(q.expectedRows());
        }
    }

    @Test
    void joinsReturnMatchingTuplesAndAggregateTheMinimum() throws Exception {
        Connection c = open("joins");
        WisconsinLoader.load(c, Scale.SMALL);
        WisconsinQuery joinAselB = byName(new WisconsinQueries(Scale.SMALL).selects(), "joinAselB");

        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(joinAselB.sql())) {
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(32);
            while (rs.next()) {
                assertThat(rs.getInt("t2unique2")).isEqualTo(rs.getInt("unique2")).isLessThan(100);
                assertThat(rs.getString("t2stringu1")).isEqualTo(rs.getString("stringu1"));
            }
        }
        assertThat(single(c, byName(new WisconsinQueries(Scale.SMALL).selects(), "minAgg").sql())).isZero();
    }

    @Test
    void updatePhaseChangesTenk1AndRestoreBringsBackTheLoadedData() throws Exception {
        Connection c = open("updates");
        WisconsinLoader.load(c, Scale.TENK);
        String before = fingerprint(c);
        WisconsinQueries queries = new WisconsinQueries(Scale.TENK);

        assertThat(queries.updates()).hasSize(14);
        try (Statement s = c.createStatement()) {
            for (WisconsinQuery q : queries.updates()) {
                assertThat(s.executeUpdate(q.sql())).as(q.sql()).isEqualTo(1);
            }
            // 4 appended, 4 deleted (877, 876, 900 and the tuple moved from 1491), 5 moved away
            assertThat(count(c, "TENK1")).isEqualTo(10_000);
            assertThat(single(c, "SELECT COUNT(*) FROM TENK1 WHERE unique2 >= 10000")).isEqualTo(9);
            assertThat(fingerprint(c)).isNotEqualTo(before);
            for (WisconsinQuery q : queries.restore()) {
                assertThat(s.executeUpdate(q.sql())).as(q.sql()).isEqualTo(1);
            }
        }
        assertThat(fingerprint(c)).isEqualTo(before);
    }

    @Test
    void runCountsStatementsAndRowsAndLeavesTheDatabaseLoaded() throws Exception {
        Connection c = open("run");
        WisconsinLoader.load(c, Scale.SMALL);
        String before = fingerprint(c);
        WisconsinQueries queries = new WisconsinQueries(Scale.SMALL);
        AtomicInteger loopsSeen = new AtomicInteger();

        WisconsinRun.Totals totals = new WisconsinRun(queries).run(c, 3, (loop, loops, nanos) -> loopsSeen.set(loop));

        long rowsPerLoop = queries.selects().stream().mapToLong(WisconsinQuery::expectedRows).sum();
        assertThat(rowsPerLoop).isEqualTo(10 + 100 + 1 + 10 + 100 + 100 + 100 + 1_000 + 100 + 1);
        assertThat(totals.rowsReturned()).isEqualTo(3 * rowsPerLoop);
        assertThat(totals.statements()).isEqualTo(3 * 10 + 14 + queries.restore().size());
        assertThat(totals.rowsChanged()).isEqualTo(14 + queries.restore().size());
        assertThat(loopsSeen).hasValue(3);
        assertThat(WisconsinLoader.isLoaded(c, Scale.SMALL)).isTrue();
        assertThat(WisconsinLoader.isLoaded(c, Scale.TENK)).isFalse();
        assertThat(fingerprint(c)).isEqualTo(before);
        assertThat(WisconsinLoader.loadIfNeeded(c, Scale.SMALL)).isFalse();
    }

    @Test
    void aFailedStatementNamesItsQuery() throws Exception {
        Connection c = open("failing");
        WisconsinLoader.load(c, Scale.SMALL);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE BPRIME");
        }

        try {
            new WisconsinRun(new WisconsinQueries(Scale.SMALL)).run(c, 1, (l, n, t) -> { });
            throw new AssertionError("expected a failure");
        } catch (QueryFailedException e) {
            assertThat(e.query().name()).isEqualTo("joinABprime");
            assertThat(e.getMessage()).startsWith("joinABprime failed: ").contains("BPRIME");
        }
    }

    private static WisconsinQuery byName(List<WisconsinQuery> queries, String name) {
        return queries.stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    private static long rows(Connection c, WisconsinQuery q) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q.sql())) {
            long n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        return single(c, "SELECT COUNT(*) FROM " + table);
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every TENK1 tuple in unique2 order, as text: equal fingerprints mean equal relations. */
    private static String fingerprint(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM TENK1 ORDER BY unique2")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return String.join("\n", rows);
    }
}
