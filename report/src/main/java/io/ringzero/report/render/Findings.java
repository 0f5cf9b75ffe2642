package io.ringzero.report.render;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Looks for syscall patterns an application can fix, per run (call sites belong to one JVM).
 * Every sentence is built from the run's own figures; the thresholds below decide what is worth a mention.
 */
public final class Findings {

    /** Fewer calls than this from one site is not worth a user's time, whatever the pattern. */
    static final long MIN_SITE_CALLS = 1_000;
    /** Average bytes per call under which a transfer counts as small (an 8 KiB buffer would absorb many). */
    static final double SMALL_TRANSFER_BYTES = 1_024;
    static final int BUFFER_BYTES = 8_192;
    static final long MIN_SYNCS = 20;
    /** Grouping this many commits per sync is a conservative group-commit factor. */
    static final int SYNC_GROUP = 10;
    static final long MIN_REPEATS = 100;
    /** A poll whose median call returns within this bound did not wait: it found nothing or something already ready. */
    static final double NON_BLOCKING_POLL_NS = 16_384;
    static final long MIN_POLLS = 1_000;
    static final long MIN_ERRORS = 100;
    /** At most this many sites per kind get their own finding; the rest are in the site tables. */
    static final int SITES_PER_KIND = 3;

    static final Set<String> DATA_KINDS = Set.of("read", "write", "pread64", "pwrite64", "readv", "writev",
            "preadv", "pwritev", "recvfrom", "sendto", "recvmsg", "sendmsg");
    static final Set<String> SYNC_KINDS = Set.of("fsync", "fdatasync", "sync_file_range", "msync", "syncfs", "sync");
    static final Set<String> OPEN_KINDS = Set.of("open", "openat", "openat2", "creat");
    static final Set<String> STAT_KINDS = Set.of("stat", "lstat", "fstat", "newfstatat", "statx", "access",
            "faccessat", "faccessat2", "readlink", "readlinkat");
    static final Set<String> POLL_KINDS = KindStats.POLL_KINDS;

    private Findings() {
    }

    public static List<Finding> of(LoadedRun loaded) {
        View single = Views.build(loaded.label(), false, List.of(loaded), false);
        long total = single.calls();
        List<Finding> out = new ArrayList<>();
        for (KindStats k : single.kinds()) {
            if (DATA_KINDS.contains(k.name())) {
                smallTransfers(loaded.label(), single, total, k, out);
            }
            if (SYNC_KINDS.contains(k.name())) {
                syncStorm(loaded.label(), single, k, dataCalls(single, true), out);
            }
            if (OPEN_KINDS.contains(k.name()) || STAT_KINDS.contains(k.name())) {
                repeatedOpenStat(loaded.label(), single, k, out);
            }
            if (POLL_KINDS.contains(k.name())) {
                busyPoll(loaded.label(), single, k, successfulTransfers(single), out);
            }
            failingCalls(loaded.label(), single, k, out);
        }
        seekThenTransfer(loaded.label(), single, out);
        classesFromJars(loaded.label(), single, out);
        JvmFindings.add(loaded.label(), single, loaded.run().process() == null ? null : loaded.run().process().jvm(),
                single.coverage() == null ? null : single.coverage().attribution(), out);
        return out;
    }

    private static long dataCalls(View v, boolean writesOnly) {
        return v.kinds().stream()
                .filter(k -> DATA_KINDS.contains(k.name()))
                .filter(k -> !writesOnly || k.name().contains("write") || k.name().startsWith("send"))
                .mapToLong(KindStats::calls).sum();
    }

    /** Transfers a poll could have announced: positional kinds (pread64, pwrite64) are file-only and never polled. */
    private static long successfulTransfers(View v) {
        return v.kinds().stream().filter(k -> DATA_KINDS.contains(k.name()) && !k.name().startsWith("p"))
                .mapToLong(k -> k.calls() - k.errors()).sum();
    }

    private static String share(long part, long whole) {
        return Fmt.percent(whole == 0 ? Double.NaN : (double) part / whole);
    }

    private static String siteEstimate(SiteStats s) {
        return s.walked() >= s.calls() ? "" : " (estimated from " + Fmt.count(s.walked()) + " sampled stacks)";
    }

    /** Sites worth a finding; calls the JDK made on its own (class loading: no application frame) are not actionable. */
    private static List<SiteStats> busySites(KindStats k, long minCalls) {
        return k.sites().stream().filter(s -> s.calls() >= minCalls && s.api() != null && !s.frames().isEmpty())
                .limit(SITES_PER_KIND).toList();
    }

    /** Vectored calls already gather their buffers: a bigger buffer is not their remedy. */
    static final Set<String> GATHERING_KINDS = Set.of("readv", "writev", "preadv", "pwritev", "recvmsg", "sendmsg");

    private static void smallTransfers(String run, View v, long total, KindStats k, List<Finding> out) {
        if (k.calls() < MIN_SITE_CALLS || k.bytesRequested() == 0 || GATHERING_KINDS.contains(k.name())) {
            return;
        }
        double avg = (double) k.bytesRequested() / k.calls();
        if (avg >= SMALL_TRANSFER_BYTES) {
            return;
        }
        boolean write = k.name().contains("write") || k.name().startsWith("send");
        if (!write && k.bytes() * 2 < k.bytesRequested()) {
            // the reads came back less than half full: the peer sent small pieces, a bigger buffer changes nothing
            return;
        }
        for (SiteStats s : busySites(k, Math.max(MIN_SITE_CALLS, k.calls() / 10))) {
            if (s.frames() == null || s.frames().isEmpty()) {
                continue; // the JDK's own calls: no application code to buffer
            }
            if (!s.resources().isEmpty() && s.resources().stream().allMatch(r -> ResourceStats.isEventFd(r.resource()))) {
                continue; // a selector's wakeups: each is one 8-byte signal, which no buffer merges
            }
            long after = (long) Math.ceil(s.calls() * avg / BUFFER_BYTES);
            long saved = s.calls() - Math.max(1, after);
            String basis = "if this site's calls are as small as the kind's average and an " + BUFFER_BYTES / 1024
                    + " KiB buffer coalesces them: " + Fmt.count(s.calls()) + " calls become about " + Fmt.count(Math.max(1, after));
            Set<String> sockets = socketsOf(s);
            if (write && sockets != null) {
                // A request and its answer alternate on a socket: a message waits for the reply to the one before,
                // so no buffer merges writes across a read. At most the writes beyond one per read can go.
                long reads = readsOn(v, sockets);
                if (s.calls() - reads < saved) {
                    saved = s.calls() - reads;
                    basis = "if this site's writes were gathered into one per read on the same sockets ("
                            + Fmt.count(reads) + " reads, estimated): a message cannot be merged with the next once "
                            + "the peer must answer it first";
                }
                if (saved < MIN_SITE_CALLS) {
                    continue;
                }
            }
            List<String> ev = List.of(
                    Fmt.count(s.calls()) + " " + k.name() + " calls came from this site" + siteEstimate(s) + ": "
                            + share(s.calls(), total) + " of the run's Java-level syscalls, "
                            + Fmt.rate(v.callsPerSecond(s.calls())) + " calls/s.",
                    "The " + Fmt.count(k.calls()) + " " + k.name() + " calls of this run asked for "
                            + String.format(Locale.ROOT, "%.1f", avg) + " bytes each on average ("
                            + Fmt.bytes(k.bytesRequested()) + " in all).");
            String api = s.api() == null ? "" : s.api();
            String advice;
            if (api.startsWith("java.io.FileOutputStream") || api.contains("SocketOutputStream")
                    || api.startsWith("sun.nio.ch.NioSocketImpl") && write) {
                advice = "Wrap the stream in a BufferedOutputStream (or a BufferedWriter) and flush at the end of a "
                        + "logical message, not after every write.";
            } else if (api.startsWith("java.io.FileInputStream") || api.contains("SocketInputStream")
                    || api.startsWith("sun.nio.ch.NioSocketImpl")) {
                advice = "Wrap the stream in a BufferedInputStream (or a BufferedReader) so each read syscall fills "
                        + BUFFER_BYTES / 1024 + " KiB at once.";
            } else if (api.startsWith("java.io.RandomAccessFile")) {
                advice = "RandomAccessFile is unbuffered: read or write whole records through a byte[] of several KiB, "
                        + "or use a FileChannel with a large ByteBuffer.";
            } else {
                advice = (write ? "Gather small writes into one buffer (or use a gathering write)"
                        : "Read into a larger buffer") + " so one syscall moves " + BUFFER_BYTES / 1024
                        + " KiB instead of a few bytes.";
            }
            out.add(new Finding(run, "Many small " + k.name() + " calls from one site", k.name(), ev, advice, saved, basis, s));
        }
    }

    /** The sockets a site's calls used, when its walks named only sockets; null otherwise (or before 2.1). */
    private static Set<String> socketsOf(SiteStats s) {
        if (s.resources().isEmpty() || !s.resources().stream().allMatch(r -> ResourceStats.isSocket(r.resource()))) {
            return null;
        }
        Set<String> sockets = new java.util.HashSet<>();
        s.resources().forEach(r -> sockets.add(r.resource()));
        return sockets;
    }

    /** Read-family calls on these sockets, by the sites' resource estimates. */
    private static long readsOn(View v, Set<String> sockets) {
        return v.kinds().stream().filter(k -> READ_KINDS.contains(k.name())).flatMap(k -> k.sites().stream())
                .flatMap(t -> t.resources().stream()).filter(r -> sockets.contains(r.resource()))
                .mapToLong(Run.Resource::calls).sum();
    }

    static final Set<String> READ_KINDS = Set.of("read", "readv", "recvfrom", "recvmsg");

    private static void syncStorm(String run, View v, KindStats k, long writes, List<Finding> out) {
        if (k.calls() < MIN_SYNCS) {
            return;
        }
        for (SiteStats s : busySites(k, MIN_SYNCS)) {
            long saved = s.calls() - (long) Math.ceil((double) s.calls() / SYNC_GROUP);
            List<String> ev = new ArrayList<>();
            ev.add(Fmt.count(s.calls()) + " " + k.name() + " calls came from this site" + siteEstimate(s) + ", "
                    + Fmt.rate(v.callsPerSecond(s.calls())) + " per second of the run.");
            if (k.timed() > 0) {
                ev.add("A timed " + k.name() + " took " + Fmt.ns(k.meanNs()) + " on average (p99 "
                        + Fmt.below(k.percentileUpperNs(0.99)) + "); all " + Fmt.count(k.calls())
                        + " together about " + Fmt.ns(k.estimatedTimeNs()) + " of waiting.");
            }
            if (writes > 0) {
                ev.add("The run made " + Fmt.count(writes) + " write-family calls (files and sockets together): one "
                        + k.name() + " per " + String.format(Locale.ROOT, "%.1f", (double) writes / k.calls()) + ".");
            }
            String advice = "Sync once per batch of changes (group commit), not per change"
                    + (k.name().equals("fsync") ? "; if the file's metadata (size, times) need not be durable, "
                    + "FileChannel.force(false) issues the cheaper fdatasync." : ".");
            out.add(new Finding(run, k.name() + " storm", k.name(), ev, advice, saved,
                    "if " + SYNC_GROUP + " consecutive syncs were grouped into one", s));
        }
    }

    private static void repeatedOpenStat(String run, View v, KindStats k, List<Finding> out) {
        boolean open = OPEN_KINDS.contains(k.name());
        for (SiteStats s : busySites(k, MIN_REPEATS)) {
            if (failingFindingCovers(k, s)) {
                continue; // "Failing <kind> calls" already names this site and these calls
            }
            List<String> ev = List.of(
                    "This site issued " + Fmt.count(s.calls()) + " " + k.name() + " calls" + siteEstimate(s) + ", "
                            + Fmt.rate(v.callsPerSecond(s.calls())) + " per second.",
                    open ? "Each open also costs a close (and a java.io stream an fstat): the run made "
                            + Fmt.count(callsOf(v, "close")) + " close and " + Fmt.count(callsOf(v, "fstat"))
                            + " fstat calls in all."
                            : k.errors() > 0 ? Fmt.count(k.errors()) + " of the run's " + Fmt.count(k.calls()) + " "
                            + k.name() + " calls failed." : "None of the run's " + k.name() + " calls failed.");
            String advice = open
                    ? "Open the file once and keep the stream or channel, or cache what is read from it, instead of "
                    + "opening it again on every call."
                    : "Cache the file's attributes or existence for as long as they cannot change, or read them once "
                    + "with Files.readAttributes instead of several exists/isDirectory/size calls.";
            out.add(new Finding(run, (open ? "The same site opens files over and over" : "The same site stats files over and over")
                    + " (" + k.name() + ")", k.name(), ev, advice, s.calls() - 1,
                    "if the site opens or stats the same path each time (the agent records sites, not paths)", s));
        }
    }

    private static void busyPoll(String run, View v, KindStats k, long transfers, List<Finding> out) {
        SiteStats s = k.sites().isEmpty() ? null : k.sites().get(0);
        String advice = "Something polls with a zero or tiny timeout (Selector.selectNow() or select(1) in a loop, or a "
                + "wakeup() per message): block in select() with a real timeout and wake it only when work is queued.";
        long empty = k.emptyPollsAtLeast();
        if (k.bytesRequested() > 0) {
            // the agent reports ready descriptors per call: count the empty polls directly
            if (empty < MIN_POLLS || empty * 2 < k.calls()) {
                return;
            }
            List<String> ev = List.of(
                    "At least " + Fmt.count(empty) + " of " + Fmt.count(k.calls()) + " " + k.name() + " calls ("
                            + share(empty, k.calls()) + ") returned no ready descriptor: " + Fmt.count(k.bytes())
                            + " ready descriptors came back in all.",
                    Fmt.rate(v.callsPerSecond(empty)) + " empty polls per second; the run made "
                            + Fmt.count(transfers) + " successful socket reads and writes.");
            out.add(new Finding(run, k.name() + " returns nothing, in a loop", k.name(), ev, advice, empty,
                    "if the loop blocked until a descriptor was ready instead of polling again", s));
            return;
        }
        double p50 = k.percentileUpperNs(0.5);
        if (k.calls() < MIN_POLLS || Double.isNaN(p50) || p50 > NON_BLOCKING_POLL_NS || k.calls() <= transfers) {
            return;
        }
        List<String> ev = new ArrayList<>();
        ev.add(Fmt.count(k.calls()) + " " + k.name() + " calls, " + Fmt.rate(v.callsPerSecond(k.calls()))
                + " per second; half of the timed ones returned in " + Fmt.below(p50) + ", so they did not wait.");
        ev.add("The run made " + Fmt.count(transfers) + " successful data reads and writes: "
                + (transfers == 0 ? "no transfer at all" : String.format(Locale.ROOT, "%.1f polls per transfer",
                (double) k.calls() / transfers)) + ".");
        out.add(new Finding(run, k.name() + " returns without waiting, in a loop", k.name(), ev, advice,
                k.calls() - transfers, "if each poll found one transfer to do", s));
    }

    /**
     * EAGAIN is counted per kind, not per site, so the finding blames no site; and a run that already waits for
     * readiness (it polls) is past what the advice says.
     */
    private static void failingCalls(String run, View v, KindStats k, List<Finding> out) {
        long eagain = k.errorsByClass().getOrDefault("EAGAIN", 0L);
        boolean waitsForReadiness = v.kinds().stream().anyMatch(p -> POLL_KINDS.contains(p.name()) && p.calls() > 0);
        if (eagain >= MIN_ERRORS && !waitsForReadiness) {
            out.add(new Finding(run, k.name() + " finds nothing ready (EAGAIN)", k.name(), List.of(
                    Fmt.count(eagain) + " of " + Fmt.count(k.calls()) + " " + k.name() + " calls ("
                            + share(eagain, k.calls()) + ") returned EAGAIN: the non-blocking channel had nothing.",
                    Fmt.rate(v.callsPerSecond(eagain)) + " empty calls per second."),
                    "Wait for readiness (a Selector or a blocking channel) instead of retrying the call in a loop.",
                    eagain, "if every EAGAIN call were replaced by waiting for readiness", null));
        }
        long other = k.errors() - eagain - k.errorsByClass().getOrDefault("EINTR", 0L);
        if (other >= MIN_ERRORS) {
            StringBuilder classes = new StringBuilder();
            for (Map.Entry<String, Long> e : k.errorsByClass().entrySet()) {
                if (!e.getKey().equals("EAGAIN") && !e.getKey().equals("EINTR") && e.getValue() > 0) {
                    classes.append(classes.length() == 0 ? "" : ", ").append(e.getKey()).append(": ")
                            .append(Fmt.count(e.getValue()));
                }
            }
            out.add(new Finding(run, "Failing " + k.name() + " calls", k.name(), List.of(
                    Fmt.count(other) + " of " + Fmt.count(k.calls()) + " " + k.name() + " calls failed ("
                            + share(other, k.calls()) + ")" + (classes.length() > 0 ? ": " + classes : "") + "."),
                    "A call that fails the same way again and again is a check that could be done once: remember the "
                            + "negative answer (missing file, refused connection) instead of asking the kernel each time.",
                    other, "if each repeated failure were answered from a cache", topSite(k)));
        }
    }

    /**
     * Per lseek site: the reads and writes made by the same application method (the sites' estimates). Seeks made
     * while the JDK loads classes (reading jar entries) are not the application's to change and are passed over.
     */
    private static void seekThenTransfer(String run, View v, List<Finding> out) {
        KindStats seek = v.kinds().stream().filter(k -> k.name().equals("lseek")).findFirst().orElse(null);
        if (seek == null) {
            return;
        }
        for (SiteStats s : seek.sites()) {
            if (s.calls() < MIN_SITE_CALLS || s.frames() == null || s.frames().isEmpty() || classLoading(s)
                    || seeksClassArchives(s)) {
                continue;
            }
            String method = method(s.frames().get(0));
            Set<String> seeked = new java.util.HashSet<>();
            s.resources().forEach(r -> seeked.add(r.resource()));
            long transfers = v.kinds().stream().filter(k -> k.name().equals("read") || k.name().equals("write"))
                    .flatMap(k -> k.sites().stream())
                    .filter(t -> t.frames() != null && !t.frames().isEmpty() && method(t.frames().get(0)).equals(method))
                    .mapToLong(t -> transfersOn(t, seeked)).sum();
            if (transfers < s.calls() / 2) {
                continue;
            }
            List<String> ev = new ArrayList<>();
            ev.add("About " + Fmt.count(s.calls()) + " lseek calls and " + Fmt.count(transfers) + " read/write calls "
                    + "from " + method + " (the call sites' estimates): "
                    + String.format(Locale.ROOT, "%.2f", (double) s.calls() / transfers) + " seeks per transfer.");
            if (!s.resources().isEmpty()) {
                StringBuilder on = new StringBuilder();
                for (Run.Resource r : s.resources().stream().limit(ReportText.RESOURCES_PER_SITE).toList()) {
                    on.append(on.length() == 0 ? "" : ", ").append(ResourceStats.shown(r.resource()))
                            .append(" (about ").append(Fmt.count(r.calls())).append(")");
                }
                ev.add("The seeks were on " + on + ".");
            }
            out.add(new Finding(run, "Seek before every read or write", "lseek", ev,
                    "Use positional I/O: FileChannel.read(buffer, position) and write(buffer, position) issue one pread64 "
                            + "or pwrite64 instead of lseek plus read or write.",
                    Math.min(s.calls(), transfers), "if each seek were folded into a positional read or write", s));
        }
    }

    static final double MIN_CLASS_LOADING_SHARE = 0.05;

    /**
     * The JDK's class loaders read each class from its jar (JDK 17: an lseek and a read per entry). An AppCDS archive
     * maps the classes instead; what it cannot hold (resources, classes of other loaders) is still read.
     */
    private static void classesFromJars(String run, View v, List<Finding> out) {
        long calls = 0;
        Map<String, Long> byJar = new java.util.TreeMap<>();
        for (KindStats k : v.kinds()) {
            for (SiteStats s : k.sites()) {
                if (!classLoading(s)) {
                    continue;
                }
                for (Run.Resource r : s.resources()) {
                    if (r.resource().toLowerCase(Locale.ROOT).endsWith(".jar")) {
                        calls += r.calls();
                        byJar.merge(r.resource(), r.calls(), Long::sum);
                    }
                }
            }
        }
        long total = v.coverage() != null ? v.coverage().kernelTotal() : v.calls();
        if (calls < MIN_SITE_CALLS || calls < MIN_CLASS_LOADING_SHARE * total) {
            return;
        }
        StringBuilder jars = new StringBuilder();
        byJar.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(ReportText.RESOURCES_PER_SITE)
                .forEach(e -> jars.append(jars.length() == 0 ? "" : ", ").append(ResourceStats.shown(e.getKey()))
                        .append(" (about ").append(Fmt.count(e.getValue())).append(")"));
        out.add(new Finding(run, "Class loading reads the jars", "read", List.of(
                "About " + Fmt.count(calls) + " syscalls of the JDK's class loaders on jar files (the call sites' estimates): "
                        + share(calls, total) + " of the " + (v.coverage() != null ? "process's" : "run's Java-level") + " syscalls.",
                "On " + jars + (byJar.size() > ReportText.RESOURCES_PER_SITE ? " and " + (byJar.size() - ReportText.RESOURCES_PER_SITE) + " more" : "") + "."),
                "Archive the application's classes with AppCDS: run once with -XX:ArchiveClassesAtExit=app.jsa (JDK 13+), then "
                        + "start with -XX:SharedArchiveFile=app.jsa (JDK 19+: -XX:+AutoCreateSharedArchive "
                        + "-XX:SharedArchiveFile=app.jsa does both). The archived classes are then mapped, not read entry by entry.",
                calls, "if every class came from the archive (an upper bound: resources and classes the archive "
                + "does not hold are still read from the jars)", null));
    }

    /** The JDK reading a class or a jar entry: class loading, whatever application frame triggered it. */
    static boolean classLoading(SiteStats s) {
        String api = s.api() == null ? "" : s.api();
        return api.startsWith("java.lang.ClassLoader") || api.startsWith("jdk.internal.loader.")
                || api.startsWith("java.net.URLClassLoader") || api.startsWith("java.util.zip.")
                || api.startsWith("java.util.jar.");
    }

    /** A transfer site's calls on the seeked resources when both sites name resources, else all of its calls. */
    private static long transfersOn(SiteStats t, Set<String> seeked) {
        if (seeked.isEmpty() || t.resources().isEmpty()) {
            return t.calls();
        }
        return t.resources().stream().filter(r -> seeked.contains(r.resource())).mapToLong(Run.Resource::calls).sum();
    }

    /**
     * Most of the site's seeks (by its resources' estimates) land on jars, jmods or the jimage: the site reads
     * classes or resources from an archive, which positional I/O in the application cannot change.
     */
    static boolean seeksClassArchives(SiteStats s) {
        long archives = 0, all = 0;
        for (Run.Resource r : s.resources()) {
            all += r.calls();
            if (ResourceStats.isClassArchive(r.resource())) {
                archives += r.calls();
            }
        }
        return all > 0 && archives * 2 >= all;
    }

    /** {@code a.B.m(B.java:12)} without its line: the application method. */
    private static String method(String frame) {
        int paren = frame.indexOf('(');
        return paren < 0 ? frame : frame.substring(0, paren);
    }

    private static boolean failingFindingCovers(KindStats k, SiteStats s) {
        long failed = k.errors() - k.errorsByClass().getOrDefault("EAGAIN", 0L) - k.errorsByClass().getOrDefault("EINTR", 0L);
        return failed >= MIN_ERRORS && k.sites().get(0) == s && failed * 2 >= s.calls();
    }

    private static long callsOf(View v, String kind) {
        return v.kinds().stream().filter(k -> k.name().equals(kind)).mapToLong(KindStats::calls).sum();
    }

    private static SiteStats topSite(KindStats k) {
        return k.sites().isEmpty() ? null : k.sites().get(0);
    }
}
