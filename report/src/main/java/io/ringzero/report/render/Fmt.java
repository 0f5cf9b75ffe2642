package io.ringzero.report.render;

import java.util.Locale;

/** Number formatting shared by all renderers, so the same figure reads the same everywhere. */
public final class Fmt {
    private Fmt() {
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String rate(double perSecond) {
        if (Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            return "-";
        }
        if (perSecond >= 100) {
            return String.format(Locale.ROOT, "%,.0f", perSecond);
        }
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    public static String percent(double share) {
        if (Double.isNaN(share)) {
            return "-";
        }
        double p = share * 100;
        return String.format(Locale.ROOT, p >= 10 || p == 0 ? "%.1f%%" : "%.2f%%", p);
    }

    public static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "-";
        }
        if (b < 1024) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b / 1024;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /** Nanoseconds in the unit that keeps 2-3 significant digits. */
    public static String ns(double ns) {
        if (Double.isNaN(ns)) {
            return "-";
        }
        if (ns < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, ns < 10_000 ? "%.1f µs" : "%.0f µs", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, ns < 10_000_000 ? "%.1f ms" : "%.0f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }

    /** A log2-bucket upper bound, written as such ({@code <4.1 µs}) because the histogram gives no more. */
    public static String below(double upperNs) {
        return Double.isNaN(upperNs) ? "-" : "<" + ns(upperNs).replace(" ", "");
    }

    public static String seconds(Double s) {
        return s == null || s.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f s", s);
    }
}
