package io.ringzero.report.render;

import io.ringzero.report.diff.RunDiff;

import java.util.Locale;

/** {@code ringzero diff} as a terminal table and as Markdown fit for a pull-request comment. */
public final class DiffTables {

    private static final String ROW = "%12s %12s %12s %9s  %s%n";

    private DiffTables() {
    }

    public static String text(RunDiff d) {
        StringBuilder sb = new StringBuilder();
        sb.append("syscalls (").append(d.counts()).append("): ").append(change(d.total())).append('\n');
        sb.append(String.format(Locale.ROOT, ROW, "old", "new", "change", "%", "syscall"));
        for (RunDiff.KindChange k : changed(d)) {
            sb.append(String.format(Locale.ROOT, ROW, count(k.calls().old()), count(k.calls().now()), signed(k.calls().delta()),
                    pct(k.calls().pct()), TerminalTable.plain(k.kind())));
        }
        sb.append(unchanged(d));
        if (!d.sites().isEmpty()) {
            sb.append("\ncall sites (the agent's estimates), largest change first\n");
            sb.append(String.format(Locale.ROOT, ROW, "old", "new", "change", "%", "site"));
            for (RunDiff.SiteChange s : d.sites().stream().filter(x -> x.calls().delta() != 0).toList()) {
                sb.append(String.format(Locale.ROOT, ROW, count(s.calls().old()), count(s.calls().now()), signed(s.calls().delta()),
                        pct(s.calls().pct()), TerminalTable.plain(site(s))));
            }
        }
        if (d.categories() != null) {
            sb.append("\nwho makes them (the kernel's per-thread counts)\n");
            sb.append(String.format(Locale.ROOT, ROW, "old", "new", "change", "%", "category"));
            for (RunDiff.CategoryChange c : d.categories()) {
                sb.append(String.format(Locale.ROOT, ROW, count(c.calls().old()), count(c.calls().now()), signed(c.calls().delta()),
                        pct(c.calls().pct()), c.category()));
            }
        }
        if (!d.resources().isEmpty()) {
            sb.append("\nfiles and sockets (the agent's estimates), largest change first\n");
            sb.append(String.format(Locale.ROOT, ROW, "old", "new", "change", "%", "resource"));
            for (RunDiff.ResourceChange r : d.resources().stream().filter(x -> x.calls().delta() != 0).toList()) {
                sb.append(String.format(Locale.ROOT, ROW, count(r.calls().old()), count(r.calls().now()), signed(r.calls().delta()),
                        pct(r.calls().pct()), ResourceStats.shown(r.resource())));
            }
        }
        sb.append("\nCPU (s)       old        new     change\n");
        cpuRow(sb, "cpu", d.cpu().cpuS());
        cpuRow(sb, "user", d.cpu().userS());
        cpuRow(sb, "system", d.cpu().systemS());
        if (d.ring0SavedCpuShare() != null) {
            sb.append(String.format(Locale.ROOT, "ring 0 (call path) would save %.2f %% of the CPU, was %.2f %%%n",
                    100 * d.ring0SavedCpuShare().now(), 100 * d.ring0SavedCpuShare().old()));
        }
        return sb.toString();
    }

    public static String markdown(RunDiff d) {
        StringBuilder md = new StringBuilder();
        md.append("### Syscalls: ").append(Escape.markdown(change(d.total()))).append("\n\n");
        md.append("Counts: ").append(Escape.markdown(d.counts())).append(".\n\n");
        md.append("| syscall | old | new | change | % |\n|---|---:|---:|---:|---:|\n");
        for (RunDiff.KindChange k : changed(d)) {
            md.append("| ").append(Escape.markdown(k.kind())).append(" | ").append(k.calls().old()).append(" | ")
                    .append(k.calls().now()).append(" | ").append(signed(k.calls().delta())).append(" | ")
                    .append(pct(k.calls().pct())).append(" |\n");
        }
        md.append(unchanged(d).isEmpty() ? "" : "\n" + unchanged(d));
        if (!d.sites().isEmpty()) {
            md.append("\n| call site (estimated) | old | new | change | % |\n|---|---:|---:|---:|---:|\n");
            for (RunDiff.SiteChange s : d.sites().stream().filter(x -> x.calls().delta() != 0).toList()) {
                md.append("| ").append(Escape.markdown(site(s))).append(" | ").append(s.calls().old()).append(" | ")
                        .append(s.calls().now()).append(" | ").append(signed(s.calls().delta())).append(" | ")
                        .append(pct(s.calls().pct())).append(" |\n");
            }
        }
        if (d.categories() != null) {
            md.append("\n| who makes them (kernel, per thread) | old | new | change | % |\n|---|---:|---:|---:|---:|\n");
            for (RunDiff.CategoryChange c : d.categories()) {
                md.append("| `").append(c.category()).append("` | ").append(c.calls().old()).append(" | ").append(c.calls().now())
                        .append(" | ").append(signed(c.calls().delta())).append(" | ").append(pct(c.calls().pct())).append(" |\n");
            }
        }
        if (!d.resources().isEmpty()) {
            md.append("\n| file or socket (estimated) | old | new | change | % |\n|---|---:|---:|---:|---:|\n");
            for (RunDiff.ResourceChange r : d.resources().stream().filter(x -> x.calls().delta() != 0).toList()) {
                md.append("| ").append(Escape.markdown(ResourceStats.shown(r.resource()))).append(" | ").append(r.calls().old()).append(" | ")
                        .append(r.calls().now()).append(" | ").append(signed(r.calls().delta())).append(" | ")
                        .append(pct(r.calls().pct())).append(" |\n");
            }
        }
        md.append("\n| CPU (s) | old | new | change |\n|---|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| cpu | %.2f | %.2f | %+.2f |%n", d.cpu().cpuS().old(), d.cpu().cpuS().now(),
                d.cpu().cpuS().delta()));
        md.append(String.format(Locale.ROOT, "| user | %.2f | %.2f | %+.2f |%n", d.cpu().userS().old(), d.cpu().userS().now(),
                d.cpu().userS().delta()));
        md.append(String.format(Locale.ROOT, "| system | %.2f | %.2f | %+.2f |%n", d.cpu().systemS().old(),
                d.cpu().systemS().now(), d.cpu().systemS().delta()));
        if (d.ring0SavedCpuShare() != null) {
            md.append(String.format(Locale.ROOT, "%nRing 0 (call path) would save %.2f %% of the CPU, was %.2f %%.%n",
                    100 * d.ring0SavedCpuShare().now(), 100 * d.ring0SavedCpuShare().old()));
        }
        return md.toString();
    }

    /** The kinds whose count moved; the JSON keeps every kind (and the unchanged sites and resources, which the tables leave out). */
    private static java.util.List<RunDiff.KindChange> changed(RunDiff d) {
        return d.kinds().stream().filter(k -> k.calls().delta() != 0).toList();
    }

    private static String unchanged(RunDiff d) {
        long same = d.kinds().stream().filter(k -> k.calls().delta() == 0).count();
        String which = same == d.kinds().size() ? "every kind" : same + " other kind" + (same == 1 ? "" : "s");
        return same == 0 ? "" : which + ": the same count in both" + System.lineSeparator();
    }

    private static String site(RunDiff.SiteChange s) {
        return s.kind() + " " + (s.api() == null ? "" : s.api() + " <- ") + s.frame();
    }

    private static void cpuRow(StringBuilder sb, String label, RunDiff.DoubleChange c) {
        sb.append(String.format(Locale.ROOT, "%-8s %10.2f %10.2f %+10.2f%n", label, c.old(), c.now(), c.delta()));
    }

    private static String change(RunDiff.Change c) {
        return String.format(Locale.ROOT, "%,d -> %,d (%s, %s)", c.old(), c.now(), signed(c.delta()), pct(c.pct()));
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String signed(long v) {
        return String.format(Locale.ROOT, "%+,d", v);
    }

    private static String pct(Double p) {
        return p == null ? "new" : String.format(Locale.ROOT, "%+.1f%%", p);
    }
}
