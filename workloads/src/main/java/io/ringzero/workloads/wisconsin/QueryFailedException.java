package io.ringzero.workloads.wisconsin;

import java.sql.SQLException;

/** A statement of the query set failed; names the query so the client can say which in one line. */
public final class QueryFailedException extends Exception {

    private final transient WisconsinQuery query;

    QueryFailedException(WisconsinQuery query, SQLException cause) {
        super(query.name() + " failed: " + cause.getMessage()
                + (cause.getSQLState() == null ? "" : " [SQLState " + cause.getSQLState() + "]"), cause);
        this.query = query;
    }

    QueryFailedException(WisconsinQuery query, String problem) {
        super(query.name() + " failed: " + problem);
        this.query = query;
    }

    public WisconsinQuery query() {
        return query;
    }
}
