package io.ringzero.report.render;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The strace -c style table printed to stdout. */
public final class TerminalTable {

    /** Files and sockets named under the table; the report lists them all. */
    static final int RESOURCES = 3;
    private static final String ROW = "%10s %8s %10s %11s %10s %8s %9s %9s  %s%n";

    private TerminalTable() {
    }

    public static String render(Report report) {
        StringBuilder sb = new StringBuilder();
        for (String line : Summary.of(report).lines()) {
            sb.append(plain(line)).append('\n');
        }
        sb.append('\n');
        for (View v : report.views()) {
            sb.append(render(v)).append('\n');
        }
        return sb.toString();
    }

    public static String render(View v) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %s Java-level syscalls in %.2f s%s%n",
                plain(v.combined() ? "combined (" + v.runs().size() + " runs)" : v.label()),
                Fmt.count(v.calls()), v.durationS(),
                v.combined() ? " (longest run)" : ""));
        for (var r : v.runs()) {
            if (!v.combined() && !r.run().isFinal()) {
                sb.append("warning: ").append(plain(r.file().toString()))
                        .append(" is not a final run file (written during the run); counts stop at its last write\n");
            }
        }
        sb.append(String.format(Locale.ROOT, ROW, "calls", "% calls", "calls/s", "bytes", "bytes/call", "errors",
                "p50", "p99", "syscall"));
        String dash = String.format(Locale.ROOT, ROW, "-".repeat(10), "-".repeat(8), "-".repeat(10), "-".repeat(11),
                "-".repeat(10), "-".repeat(8), "-".repeat(9), "-".repeat(9), "-".repeat(16));
        sb.append(dash);
        for (KindStats k : v.kinds()) {
            sb.append(String.format(Locale.ROOT, ROW, k.calls(),
                    Fmt.percent(v.calls() == 0 ? Double.NaN : (double) k.calls() / v.calls()),
                    Fmt.rate(v.callsPerSecond(k.calls())),
                    k.movesData() ? Fmt.bytes(k.bytes()) : "-",
                    k.movesData() ? String.format(Locale.ROOT, "%.1f", k.bytesPerCall()) : "-",
                    k.errors(),
                    Fmt.below(k.percentileUpperNs(0.5)), Fmt.below(k.percentileUpperNs(0.99)),
                    plain(k.name())));
        }
        sb.append(dash);
        sb.append(String.format(Locale.ROOT, ROW, v.calls(), v.calls() == 0 ? "-" : "100%",
                Fmt.rate(v.callsPerSecond(v.calls())), Fmt.bytes(v.bytes()), "", v.errors(), "", "", "total"));
        if (v.coverage() != null) {
            Coverage c = v.coverage();
            sb.append(String.format(Locale.ROOT, "kernel (%s): %s syscalls in the whole process; %s explain %s%n",
                    plain(c.tool()), Fmt.count(c.kernelTotal()), c.attribution() == null ? "Java-level counts"
                            : c.attribution().stacks().isEmpty() ? "category by thread and Java-level counts"
                            : "category by stack, thread and Java-level counts",
                    Fmt.percent(c.explainedShare())));
            if (c.attribution() != null) {
                sb.append("  by category: ").append(java.util.Arrays.stream(io.ringzero.report.attribution.Category.values())
                        .filter(cat -> c.attribution().byCategory().getOrDefault(cat, 0L) > 0)
                        .map(cat -> cat.id + " " + Fmt.percent((double) c.attribution().byCategory().get(cat) / c.attribution().total()))
                        .collect(Collectors.joining(", "))).append(System.lineSeparator());
            }
        }
        List<ResourceStats> resources = ResourceStats.of(v.kinds());
        if (!resources.isEmpty()) {
            sb.append("files and sockets (estimated from the stack walks): ").append(resources.stream().limit(RESOURCES)
                    .map(r -> plain(ResourceStats.shown(r.resource())) + " " + Fmt.count(r.calls()))
                    .collect(Collectors.joining(", ")))
                    .append(resources.size() > RESOURCES ? ", " + (resources.size() - RESOURCES) + " more in the report" : "")
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** Run files are untrusted: control characters would reach the user's terminal as escape sequences. */
    static String plain(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
    }
}
