package io.ringzero.report.render;

import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One resource (a file's path, a socket's addresses, a pipe) over the call sites of a view: the calls the sites'
 * sampled stack walks attribute to it, estimated as the sites' are (each walk's weight, scaled to its kind's exact
 * count), per kind.
 *
 * @param byKind estimated calls per syscall kind, most first
 */
public record ResourceStats(String resource, long calls, long walked, Map<String, Long> byKind) {

    /**
     * The estimate's stated sampling error: two standard errors with the walks taken as a Poisson sample of the
     * calls (2 x calls / sqrt(walks)); none when every call was walked.
     */
    public long error() {
        return walked >= calls ? 0 : Math.round(2 * calls / Math.sqrt(Math.max(1, walked)));
    }

    public boolean estimated() {
        return walked < calls;
    }

    /** "12,345 ± 678", or the count alone when every call was walked. */
    public String callsText() {
        return estimated() ? Fmt.count(calls) + " \u00b1 " + Fmt.count(error()) : Fmt.count(calls);
    }

    /** "read 10,000, lseek 10,000". */
    public String kindsText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : byKind.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(Fmt.count(e.getValue()));
        }
        return sb.toString();
    }

    /** The resources of a view's sites, most calls first. */
    public static List<ResourceStats> of(List<KindStats> kinds) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, Map<String, Long>> byKind = new LinkedHashMap<>();
        for (KindStats k : kinds) {
            for (SiteStats s : k.sites()) {
                for (Run.Resource r : s.resources()) {
                    long[] t = totals.computeIfAbsent(r.resource(), x -> new long[2]);
                    t[0] += r.calls();
                    t[1] += r.walked();
                    byKind.computeIfAbsent(r.resource(), x -> new LinkedHashMap<>()).merge(k.name(), r.calls(), Long::sum);
                }
            }
        }
        List<ResourceStats> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : totals.entrySet()) {
            Map<String, Long> kindsOf = new LinkedHashMap<>();
            byKind.get(e.getKey()).entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(x -> kindsOf.put(x.getKey(), x.getValue()));
            out.add(new ResourceStats(e.getKey(), e.getValue()[0], e.getValue()[1], kindsOf));
        }
        out.sort(Comparator.comparingLong(ResourceStats::calls).reversed().thenComparing(ResourceStats::resource));
        return out;
    }

    /** A socket as the agent names it ({@code tcp ...}, {@code tcp6 ...}, {@code udp ...}, {@code unix ...}). */
    public static boolean isSocket(String resource) {
        return resource.startsWith("tcp") || resource.startsWith("udp") || resource.startsWith("unix ");
    }

    /** An eventfd: the selectors' wakeup descriptor (Selector.wakeup writes to it, the selector drains it). */
    public static boolean isEventFd(String resource) {
        return resource.equals("anon_inode:[eventfd]");
    }

    /** A jar, a jmod or the JDK's jimage (lib/modules): what the JDK reads when it loads classes. */
    public static boolean isClassArchive(String resource) {
        String r = resource.toLowerCase(Locale.ROOT);
        return r.endsWith(".jar") || r.endsWith(".jmod") || r.endsWith("/lib/modules");
    }

    /**
     * A resource as the report prints it: control characters (a newline in a file name) as C escapes, as strace
     * prints them, so a name cannot break a line or a table row; the formats escape the result for their markup.
     */
    public static String shown(String resource) {
        StringBuilder sb = new StringBuilder(resource.length());
        for (int i = 0; i < resource.length(); i++) {
            char c = resource.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
