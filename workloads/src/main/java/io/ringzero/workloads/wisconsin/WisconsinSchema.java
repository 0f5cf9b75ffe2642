package io.ringzero.workloads.wisconsin;

import java.util.List;

/**
 * Table and column names, and the DDL sql-bench's test-wisconsin issues, written with the Handbook's
 * 1993 attribute names (sql-bench still uses the 1983 ones: its {@code hundred} is onePercent).
 */
public final class WisconsinSchema {

    public static final String TENK1 = "TENK1";
    public static final String TENK2 = "TENK2";
    public static final String ONEKTUP = "ONEKTUP";
    /** TENK2's first tenth by unique2; sql-bench loads it from the tenk data and deletes the rest. */
    public static final String BPRIME = "BPRIME";

    /** In creation order, as sql-bench creates onek, tenk1, tenk2, Bprime. */
    public static final List<String> TABLES = List.of(ONEKTUP, TENK1, TENK2, BPRIME);

    /** Not part of the benchmark: records that a load finished and the data are in their initial state. */
    static final String LOADED_MARKER = "WISCONSIN_LOADED";

    public static final List<String> COLUMNS = List.of(
            "unique1", "unique2", "two", "four", "ten", "twenty",
            "onePercent", "tenPercent", "twentyPercent", "fiftyPercent",
            "unique3", "evenOnePercent", "oddOnePercent",
            "stringu1", "stringu2", "string4");

    private WisconsinSchema() {
    }

    /**
     * sql-bench declares UNIQUE on unique1 and unique2 and a plain index on hundred (onePercent)
     * for every relation, and no primary key; the strings are the Handbook's char(52).
     */
    static List<String> createStatements(String table) {
        return List.of(
                "CREATE TABLE " + table + " ("
                        + "unique1 INT NOT NULL, unique2 INT NOT NULL, two INT, four INT, ten INT, twenty INT, "
                        + "onePercent INT NOT NULL, tenPercent INT, twentyPercent INT, fiftyPercent INT, "
                        + "unique3 INT, evenOnePercent INT, oddOnePercent INT, "
                        + "stringu1 CHAR(52), stringu2 CHAR(52), string4 CHAR(52), "
                        + "UNIQUE (unique1), UNIQUE (unique2))",
                "CREATE INDEX " + table + "_onePercent ON " + table + " (onePercent)");
    }

    static String insertStatement(String table) {
        return "INSERT INTO " + table + " (" + String.join(", ", COLUMNS) + ") VALUES ("
                + "?, ".repeat(COLUMNS.size() - 1) + "?)";
    }

    /** The same INSERT with the values written out, as sql-bench sends its update-phase inserts. */
    static String insertLiteral(String table, WisconsinTuple t) {
        return "INSERT INTO " + table + " (" + String.join(", ", COLUMNS) + ") VALUES ("
                + t.unique1() + ", " + t.unique2() + ", " + t.two() + ", " + t.four() + ", " + t.ten() + ", "
                + t.twenty() + ", " + t.onePercent() + ", " + t.tenPercent() + ", " + t.twentyPercent() + ", "
                + t.fiftyPercent() + ", " + t.unique3() + ", " + t.evenOnePercent() + ", " + t.oddOnePercent() + ", '"
                + t.stringu1() + "', '" + t.stringu2() + "', '" + t.string4() + "')";
    }
}
