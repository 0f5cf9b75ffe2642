package io.ringzero.report.check;

import java.io.PrintWriter;
import java.util.Locale;

/** "run i of n" on stderr with the time spent and an estimate of the time left. */
final class Progress {

    private final PrintWriter err;
    private final int total;
    private final long start = System.nanoTime();

    Progress(PrintWriter err, int total) {
        this.err = err;
        this.total = total;
    }

    /** Called before run {@code i} (1-based) starts. */
    void starting(int i, String what) {
        double elapsed = (System.nanoTime() - start) * 1e-9;
        String left = i <= 1 ? "time left unknown yet"
                : "about " + clock(elapsed / (i - 1) * (total - i + 1)) + " left";
        err.printf(Locale.ROOT, "ringzero check: run %d of %d, %s, elapsed %s, %s%n", i, total, what, clock(elapsed), left);
        err.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
