package io.ringzero.workloads.wisconsin;

/**
 * One statement of the query set.
 *
 * @param name         the Wisconsin name of the query, e.g. {@code joinAselB}
 * @param sql          the statement sent over JDBC
 * @param expectedRows rows a SELECT returns, or rows an update statement changes, on freshly loaded data
 */
public record WisconsinQuery(String name, String sql, int expectedRows) {
}
