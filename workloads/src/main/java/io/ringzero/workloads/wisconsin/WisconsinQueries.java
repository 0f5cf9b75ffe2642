package io.ringzero.workloads.wisconsin;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The query set of MySQL sql-bench's test-wisconsin, in its order, with the Handbook's attribute
 * names and every constant moved to the chosen {@link Scale} (at {@link Scale#TENK} the constants
 * are sql-bench's own).
 *
 * <p>sql-bench repeats each SELECT {@code loop_count} times and runs the update statements once;
 * {@link #selects()} and {@link #updates()} keep that split. {@link #restore()} is not in sql-bench
 * (which drops its tables after every run): it undoes the updates so the loaded database can serve
 * the next run unchanged.
 */
public final class WisconsinQueries {

    /** Keys sql-bench's update phase inserts as (unique1, unique2). */
    private static final int[][] INSERTED = {{10001, 74001}, {19991, 60001}, {20002, 70002}, {50002, 40002}};
    /** Existing unique2 values the update phase deletes, in order (10001 stands for the tuple moved from 1491). */
    private static final int[] DELETED = {877, 876, 900};
    /** (from, to) unique2 moves of the update phase, in order. */
    private static final int[][] MOVED = {{1491, 10001}, {1480, 10023}, {187, 10088}, {2000, 10003}, {1974, 10020},
        {1140, 16001}};

    private final Scale scale;
    private final int[] unique1ByUnique2;

    public WisconsinQueries(Scale scale) {
        this.scale = scale;
        this.unique1ByUnique2 = WisconsinGenerator.forRows(scale.tenkRows()).unique1ByUnique2();
    }

    public Scale scale() {
        return scale;
    }

    /** The ten SELECTs, each run once per loop. */
    public List<WisconsinQuery> selects() {
        int n = scale.tenkRows();
        int onePercent = n / 100;
        int tenPercent = n / 10;
        int onek = scale.onekRows();
        int from1 = scale.scaled(302);
        int from10 = scale.scaled(648);
        List<WisconsinQuery> q = new ArrayList<>();
        // sql-bench keeps the original benchmark's query slots: 1% and 10% "no index", a single
        // tuple, then 1% "clustered index". With the indexes declared the DBMS may use them in
        // every slot, and slots 1 and 4 are the same statement, as in sql-bench.
        q.add(new WisconsinQuery("select1pct",
                "SELECT * FROM TENK1 WHERE (unique2 > " + (from1 - 1) + ") AND (unique2 < " + (from1 + onePercent) + ")",
                onePercent));
        q.add(new WisconsinQuery("select10pct",
                "SELECT * FROM TENK1 WHERE (unique1 > " + (from10 - 1) + ") AND (unique1 < " + (from10 + tenPercent) + ")",
                tenPercent));
        q.add(new WisconsinQuery("select1tuple",
                "SELECT * FROM TENK1 WHERE unique2 = " + scale.scaled(2001), 1));
        q.add(new WisconsinQuery("select1pctIndexed",
                "SELECT * FROM TENK1 WHERE (unique2 > " + (from1 - 1) + ") AND (unique2 < " + (from1 + onePercent) + ")",
                onePercent));
        q.add(new WisconsinQuery("joinAselB",
                "SELECT t1.*, " + aliased("t2") + " FROM TENK1 t1, TENK1 t2"
                        + " WHERE (t1.unique2 = t2.unique2) AND (t2.unique2 < " + tenPercent + ")",
                tenPercent));
        q.add(new WisconsinQuery("joinABprime",
                "SELECT t.*, " + aliased("B") + " FROM TENK1 t, BPRIME B WHERE t.unique2 = B.unique2",
                onek));
        q.add(new WisconsinQuery("joinCselAselB",
                "SELECT t1.*, " + aliased("o") + " FROM ONEKTUP o, TENK1 t1, TENK1 t2"
                        + " WHERE (o.unique2 = t1.unique2) AND (t1.unique2 = t2.unique2)"
                        + " AND (t1.unique2 < " + tenPercent + ") AND (t2.unique2 < " + tenPercent + ")",
                onek));
        // sql-bench drops the original's DISTINCT, so the "1%" projection returns every tuple.
        q.add(new WisconsinQuery("project1pct",
                "SELECT two, four, ten, twenty, onePercent, string4 FROM TENK1", n));
        q.add(new WisconsinQuery("project100pct", "SELECT * FROM ONEKTUP", onek));
        q.add(new WisconsinQuery("minAgg", "SELECT MIN(unique2) AS x FROM TENK1", 1));
        return List.copyOf(q);
    }

    /** sql-bench's fourteen update statements (append, delete, modify), run once after the loops. */
    public List<WisconsinQuery> updates() {
        List<WisconsinQuery> q = new ArrayList<>();
        q.add(append(INSERTED[0]));
        q.add(append(INSERTED[1]));
        q.add(delete(existing(DELETED[0])));
        q.add(delete(existing(DELETED[1])));
        q.add(move(existing(MOVED[0][0]), MOVED[0][1]));
        q.add(move(existing(MOVED[1][0]), MOVED[1][1]));
        q.add(append(INSERTED[2]));
        q.add(append(INSERTED[3]));
        q.add(delete(MOVED[0][1]));
        q.add(delete(existing(DELETED[2])));
        for (int i = 2; i < MOVED.length; i++) {
            q.add(move(existing(MOVED[i][0]), MOVED[i][1]));
        }
        return List.copyOf(q);
    }

    /** Statements that return TENK1 to its loaded state after {@link #updates()}. */
    public List<WisconsinQuery> restore() {
        List<WisconsinQuery> q = new ArrayList<>();
        for (int[] inserted : INSERTED) {
            q.add(delete(inserted[1]));
        }
        for (int i = 1; i < MOVED.length; i++) {
            q.add(move(MOVED[i][1], existing(MOVED[i][0])));
        }
        for (int unique2 : new int[] {existing(DELETED[0]), existing(DELETED[1]), existing(MOVED[0][0]),
            existing(DELETED[2])}) {
            q.add(new WisconsinQuery("restoreDeleted", WisconsinSchema.insertLiteral("TENK1",
                    WisconsinTuple.of(unique1ByUnique2[unique2], unique2)), 1));
        }
        return List.copyOf(q);
    }

    /**
     * sql-bench's keys of existing tuples are below 10,000; smaller relations take them modulo
     * their size (distinct for the sizes in {@link Scale}), keys at or above 10,000 are new ones.
     */
    private int existing(int unique2AtTenk) {
        return unique2AtTenk % scale.tenkRows();
    }

    private static WisconsinQuery append(int[] unique1AndUnique2) {
        // sql-bench's literal values follow the 1983 attributes; the appended tuple here is built by
        // the Handbook's rules from sql-bench's (unique1, unique2) so it is a well-formed tuple.
        return new WisconsinQuery("append",
                WisconsinSchema.insertLiteral("TENK1", WisconsinTuple.of(unique1AndUnique2[0], unique1AndUnique2[1])), 1);
    }

    private static WisconsinQuery delete(int unique2) {
        return new WisconsinQuery("delete", "DELETE FROM TENK1 WHERE TENK1.unique2 = " + unique2, 1);
    }

    private static WisconsinQuery move(int fromUnique2, int toUnique2) {
        return new WisconsinQuery("modify",
                "UPDATE TENK1 SET unique2 = " + toUnique2 + " WHERE TENK1.unique2 = " + fromUnique2, 1);
    }

    /** The other relation's columns, renamed with a prefix as sql-bench does (t2.two AS t2two). */
    private static String aliased(String alias) {
        return WisconsinSchema.COLUMNS.stream()
                .map(c -> alias + "." + c + " AS " + alias + c)
                .collect(Collectors.joining(", "));
    }
}
