package io.ringzero.workloads.wisconsin;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The benchmark client: loads the relations if the database does not hold them yet, runs the query
 * set over JDBC, prints one summary line on stdout.
 *
 * <pre>
 * java -cp ringzero-workloads.jar io.ringzero.workloads.wisconsin.WisconsinClient \
 *     --url jdbc:h2:tcp://127.0.0.1:PORT/wisconsin [--loops N] [--scale tenk|small] [--progress]
 * </pre>
 *
 * Exit codes: 0 done, 1 a statement or the connection failed, 2 bad arguments.
 */
public final class WisconsinClient {

    /** Loops for about a minute of demo on a 2-core machine; docs/workloads.md has the measurement. */
    public static final int DEFAULT_LOOPS = 300;

    static final String SUMMARY_PREFIX = "wisconsin: ";

    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private WisconsinClient() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wisconsin client: " + e.getMessage());
            err.println("usage: WisconsinClient --url JDBC_URL [--loops N] [--scale tenk|small] [--progress]");
            return 2;
        }
        try (Connection c = DriverManager.getConnection(options.url, "sa", "")) {
            long loadStart = System.nanoTime();
            boolean loaded = WisconsinLoader.loadIfNeeded(c, options.scale);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            WisconsinRun.LoopListener listener = options.progress ? new ProgressPrinter(err) : (l, n, t) -> { };
            WisconsinRun.Totals totals = new WisconsinRun(new WisconsinQueries(options.scale))
                    .run(c, options.loops, listener);
            out.println(SUMMARY_PREFIX + String.format(Locale.ROOT,
                    "scale=%s loops=%d queries=%d rows=%d changed=%d seconds=%.3f load_seconds=%.3f loaded=%s",
                    options.scale.cliName(), totals.loops(), totals.statements(), totals.rowsReturned(),
                    totals.rowsChanged(), totals.seconds(), loadSeconds, loaded ? "now" : "before"));
            return 0;
        } catch (QueryFailedException e) {
            err.println("wisconsin client: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("wisconsin client: " + e.getMessage()
                    + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]"));
            return 1;
        }
    }

    /** Prints at most one line a second, and the last loop, so a long run does not flood stderr. */
    private static final class ProgressPrinter implements WisconsinRun.LoopListener {
        private final PrintStream err;
        private long lastPrinted = -PROGRESS_INTERVAL_NANOS;

        ProgressPrinter(PrintStream err) {
            this.err = err;
        }

        @Override
        public void loopDone(int loop, int loops, long elapsedNanos) {
            if (loop != loops && elapsedNanos - lastPrinted < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastPrinted = elapsedNanos;
            double elapsed = elapsedNanos / 1e9;
            double eta = elapsed / loop * (loops - loop);
            err.println(String.format(Locale.ROOT, "wisconsin: loop %d of %d, %.1f s elapsed, ETA %.1f s",
                    loop, loops, elapsed, eta));
        }
    }

    record Options(String url, int loops, Scale scale, boolean progress) {
        static Options parse(String[] args) {
            String url = null;
            int loops = DEFAULT_LOOPS;
            Scale scale = Scale.TENK;
            boolean progress = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url" -> url = value(args, ++i, "--url");
                    case "--loops" -> loops = nonNegative(value(args, ++i, "--loops"), "--loops");
                    case "--scale" -> scale = Scale.fromCliName(value(args, ++i, "--scale"));
                    case "--progress" -> progress = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (url == null) {
                throw new IllegalArgumentException("--url is required");
            }
            return new Options(url, loops, scale, progress);
        }
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static int nonNegative(String text, String option) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new IllegalArgumentException(option + " must be >= 0, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was '" + text + "'");
        }
    }
}
