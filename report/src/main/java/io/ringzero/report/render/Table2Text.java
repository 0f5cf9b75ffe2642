package io.ringzero.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The KML article's Table 2 as the terminal shows it, last: this run measured and predicted in ring 0 (the same
 * figures as the report's Ring 0 section), beside the article's MySQL rows and why the two differ.
 */
public final class Table2Text {

    /** The KML article's Table 2: MySQL's Wisconsin benchmark, CPU, user and system seconds. */
    static final double[] ARTICLE_MEASURED = {753.86, 611.78, 142.08};
    static final double[] ARTICLE_KML = {728.61, 605.95, 122.66};

    private static final String ROW = "%-36s %-20s %-20s %-20s %s%n";

    private Table2Text() {
    }

    public static String render(Ring0Prediction p) {
        StringBuilder sb = new StringBuilder();
        sb.append("\nTable 2 (the KML article's), on this run: ").append(TerminalTable.plain(p.method())).append('\n');
        for (String w : p.warnings()) {
            sb.append("warning: ").append(TerminalTable.plain(w)).append('\n');
        }
        sb.append(String.format(Locale.ROOT, ROW, "", "CPU (s)", "User (s)", "System (s)", "speedup"));
        List<Ring0Prediction.Row> rows = new ArrayList<>();
        rows.add(p.measured());
        rows.addAll(p.scenarios());
        for (Ring0Prediction.Row r : rows) {
            sb.append(String.format(Locale.ROOT, ROW, TerminalTable.plain(r.label()), ascii(Html.band(r.cpuS())),
                    ascii(Html.band(r.userS())), ascii(Html.band(r.systemS())), ascii(Html.ratio(r.speedup()))));
        }
        sb.append(article("the article: MySQL, original Linux", ARTICLE_MEASURED, 1));
        sb.append(article("the article: MySQL on KML", ARTICLE_KML, ARTICLE_MEASURED[0] / ARTICLE_KML[0]));
        sb.append(TerminalTable.plain(whyTheyDiffer(p))).append('\n');
        if (p.split() != null) {
            sb.append(p.split().sentence(p.savedCpuS())).append('\n');
        }
        return sb.toString();
    }

    /** The comparison in one sentence, from measured figures only. */
    static String whyTheyDiffer(Ring0Prediction p) {
        double cpu = p.measured().cpuS().mid();
        double system = p.measured().systemS().mid();
        double saved = p.scenarios().isEmpty() ? Double.NaN : 1 - p.scenarios().get(0).cpuS().mid() / cpu;
        return String.format(Locale.ROOT, "Why they differ: system time is %.1f %% of this run's CPU against %.1f %% of "
                        + "MySQL's, and this run made %,.0f counted syscalls per CPU-second at a saving of %.0f ns each "
                        + "(this machine's calibration): ring 0 would remove %.2f %% of its CPU, where the article "
                        + "measured %.2f %%.",
                100 * system / cpu, 100 * ARTICLE_MEASURED[2] / ARTICLE_MEASURED[0], p.calls() / cpu, p.savingNs(),
                100 * saved, 100 * (1 - ARTICLE_KML[0] / ARTICLE_MEASURED[0]));
    }

    private static String article(String label, double[] cpuUserSystem, double speedup) {
        return String.format(Locale.ROOT, ROW, label, String.format(Locale.ROOT, "%.2f", cpuUserSystem[0]),
                String.format(Locale.ROOT, "%.2f", cpuUserSystem[1]), String.format(Locale.ROOT, "%.2f", cpuUserSystem[2]),
                String.format(Locale.ROOT, "%.3f", speedup));
    }

    /** The report's bands use an en dash; a terminal may not have the font for it. */
    private static String ascii(String s) {
        return s.replace('\u2013', '-');
    }
}
