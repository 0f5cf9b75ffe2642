package io.ringzero.report.render;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FindingsTest {

    @Test
    void aJvmFindingShowsTheKernelsStackOfItsCalls() {
        List<String> ci = List.of("syscall (libc.so.6)", "os::current_thread_id (libjvm.so)", "ttyLocker::release_tty_if_locked (libjvm.so)");
        io.ringzero.report.runfile.Run.KernelOracle k = new io.ringzero.report.runfile.Run.KernelOracle("bpftrace", java.util.Map.of(), 5000L,
                List.of(new io.ringzero.report.runfile.Run.KernelThread(11, "C2 CompilerThre", 5000, java.util.Map.of("gettid", 5000L))),
                List.of(new io.ringzero.report.runfile.Run.KernelStack(11, "gettid", 4900, ci),
                        new io.ringzero.report.runfile.Run.KernelStack(11, "gettid", 100, List.of("syscall (libc.so.6)"))));
        io.ringzero.report.runfile.Run r = new io.ringzero.report.runfile.Run("ringzero.run/2", true, null, null, null, null, null,
                List.of(), null, List.of(), List.of(), k, null, null, null, null);
        io.ringzero.report.attribution.Attribution a = io.ringzero.report.attribution.Attribution.of(
                List.of(new io.ringzero.report.runfile.LoadedRun(java.nio.file.Path.of("run.json"), r, "run")), java.util.Map.of());
        assertThat(JvmFindings.stackEvidence(a, io.ringzero.report.attribution.Category.JIT, "gettid"))
                .isEqualTo(" The kernel's stack of 4,900 of them: " + String.join(" \u2190 ", ci) + ".");
        assertThat(JvmFindings.stackEvidence(a, io.ringzero.report.attribution.Category.JIT, "sysinfo")).isEmpty();
    }

    @Test
    void unbufferedSocketReadsInTheClient() {
        List<Finding> f = Findings.of(Fixtures.load("client"));
        Finding reads = find(f, "Many small read calls");
        assertThat(reads.site().frames().get(0)).contains("PacketReader.readInt(PacketReader.java:41)");
        assertThat(reads.evidence()).anySatisfy(e -> assertThat(e).contains("171,020 read calls came from this site"));
        assertThat(reads.evidence()).anySatisfy(e -> assertThat(e).contains("6.0 bytes each on average"));
        assertThat(reads.advice()).contains("BufferedInputStream");
        // 171,020 calls of 6 bytes (the kind's average) fit in ceil(171,020 * 6 / 8192) = 126 buffered reads
        assertThat(reads.syscallsSaved()).isEqualTo(171_020 - 126);
        // the class loader's opens have no application frame: nothing a user can change
        assertThat(f).noneSatisfy(x -> assertThat(x.site() != null && x.site().api() == null).isTrue());
    }

    @Test
    void smallSocketWritesAreBoundedByTheReadsOnTheSameSocket() {
        String conn = "tcp 127.0.0.1:41234 -> 127.0.0.1:9092";
        // every read and write on one connection: 186,230 reads answer 9,640 writes, so no write can merge
        var oneConnection = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("client");
        for (var kind : oneConnection.get("syscalls")) {
            if (kind.get("name").asText().equals("read") || kind.get("name").asText().equals("write")) {
                for (var site : kind.get("sites")) {
                    if (site.get("api").isNull()) continue;
                    ((com.fasterxml.jackson.databind.node.ObjectNode) site).putArray("resources").addObject()
                            .put("resource", conn).put("calls", site.get("calls").asLong()).put("walked", 10);
                }
            }
        }
        assertThat(Findings.of(Fixtures.loaded(oneConnection))).noneSatisfy(x -> assertThat(x.title()).isEqualTo("Many small write calls from one site"));
        // without the socket's name (a run file before 2.1) the finding stays as it was
        assertThat(Findings.of(Fixtures.load("client"))).anySatisfy(x -> assertThat(x.title()).isEqualTo("Many small write calls from one site"));

        // reads on another connection leave this one's writes to be gathered: saved = writes - reads on it (0)
        var twoConnections = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("client");
        for (var kind : twoConnections.get("syscalls")) {
            for (var site : kind.get("sites")) {
                if (site.get("api").isNull()) continue;
                String on = kind.get("name").asText().equals("write") ? conn : "tcp 127.0.0.1:41235 -> 127.0.0.1:9093";
                ((com.fasterxml.jackson.databind.node.ObjectNode) site).putArray("resources").addObject()
                        .put("resource", on).put("calls", site.get("calls").asLong()).put("walked", 10);
            }
        }
        Finding writes = find(Findings.of(Fixtures.loaded(twoConnections)), "Many small write calls");
        // 9,640 writes of 87 bytes: an 8 KiB buffer would make 103 of them; no read on their socket bounds that
        assertThat(writes.syscallsSaved()).isEqualTo(9_640 - 103);
    }

    @Test
    void theJitsGettidAndMemoryPollingFireOnJdk17AndNotOn25() {
        // the demo's H2 server at 20 loops, recorded with bpftrace, on Debian's JDK 17 and on Temurin 25
        var tree = Fixtures.tree("demo/jdk17-server");
        long gettid = 0, polling = 0;
        for (var t : tree.at("/kernel_oracle/threads")) {
            if (io.ringzero.report.attribution.Category.ofThread(t.get("name").asText()) == io.ringzero.report.attribution.Category.JIT) {
                gettid += t.at("/syscalls/gettid").asLong();
                for (String k : List.of("sysinfo", "openat", "close", "newfstatat")) polling += t.at("/syscalls/" + k).asLong();
            }
        }
        List<Finding> f17 = Findings.of(Fixtures.loaded(tree));
        Finding g = find(f17, "The JIT compiler threads call gettid");
        assertThat(g.syscallsSaved()).isEqualTo(gettid).isEqualTo(41_023);
        assertThat(g.evidence()).anySatisfy(e -> assertThat(e).contains("C1 CompilerThre (tid 26580) 25,514"));
        assertThat(g.advice()).contains("JDK 21 or later", "JDK-8304743");
        Finding m = find(f17, "The JIT compiler threads poll the free memory");
        assertThat(m.syscallsSaved()).isEqualTo(polling);
        assertThat(m.advice()).contains("-XX:-UseDynamicNumberOfCompilerThreads");

        assertThat(Findings.of(Fixtures.load("demo/jdk25-server"))).noneSatisfy(x -> assertThat(x.title()).contains("JIT compiler threads"));
        // the same counts from a JVM that says it is 21: its gettid calls come from elsewhere, the JDK advice cannot apply
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/process/jvm")).put("version", "21.0.5+11-LTS");
        assertThat(Findings.of(Fixtures.loaded(tree))).noneSatisfy(x -> assertThat(x.title()).contains("call gettid"));
        assertThat(JvmFindings.major(new io.ringzero.report.runfile.Run.Jvm(null, null, "1.8.0_402", null))).isEqualTo(8);
    }

    @Test
    void threadsWakingEachOtherFireOnlyWhenFutexIsAPattern() {
        // with-threads: 2,500 futex calls on the application's threads of 57,346 (4 %): what any JVM does
        assertThat(Findings.of(Fixtures.load("with-threads"))).noneSatisfy(x -> assertThat(x.kind()).isEqualTo("futex"));
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("with-threads");
        var hostile = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/kernel_oracle/threads/2");
        ((com.fasterxml.jackson.databind.node.ObjectNode) hostile.get("syscalls")).put("futex", 30_000);
        hostile.put("calls", 30_000);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("kernel_oracle")).put("total", 57_346 - 2_400 + 30_000);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/kernel_oracle/syscalls")).put("futex", 3_000 - 2_400 + 30_000);
        Finding f = find(Findings.of(Fixtures.loaded(tree)), "The application's threads wake each other up");
        assertThat(f.syscallsSaved()).isEqualTo(30_100);
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).contains("<img src=x onerror=alert(1)> (tid 502) 30,000, main (tid 500) 100"));
        assertThat(Html.render(Report.of(List.of(Fixtures.loaded(tree))))).contains("&lt;img src=x onerror=alert(1)&gt; (tid 502) 30,000")
                .doesNotContain("<img src=x");
    }

    @Test
    void classLoadingFromJarsFiresWithoutAnArchiveAndNotWithOne() {
        // this CLI rendering a report: 3,920 Java-level calls, most of them its class loader reading ringzero.jar
        Finding f = find(Findings.of(Fixtures.load("class-loading/jars")), "Class loading reads the jars");
        assertThat(f.syscallsSaved()).isEqualTo(3_703);
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).contains("ringzero.jar (about 3,703)"));
        assertThat(f.advice()).contains("-XX:ArchiveClassesAtExit=app.jsa", "-XX:SharedArchiveFile=app.jsa");
        // the same command started with the AppCDS archive the first one wrote: 773 jar calls left
        assertThat(Findings.of(Fixtures.load("class-loading/appcds"))).noneSatisfy(x -> assertThat(x.title()).contains("Class loading"));
    }

    @Test
    void aRealDatabaseRunIsSilentOnEveryApplicationPattern() {
        // H2 and its JDBC client (the demo): buffered streams, few syncs, opens and failures, a blocking protocol
        for (String run : List.of("demo/jdk17-server", "demo/jdk17-client", "demo/jdk25-server", "demo/jdk25-client")) {
            assertThat(Findings.of(Fixtures.load(run))).as(run).allSatisfy(f -> assertThat(f.title())
                    .isIn("The JIT compiler threads call gettid over and over", "The JIT compiler threads poll the free memory",
                            "Class loading reads the jars"));
        }
    }

    @Test
    void selectorWakeupsGetNoBufferingAdvice() {
        // an HTTP server's exchange close wakes its selector: 8-byte eventfd writes under the handler's frame
        var wakeups = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("client");
        for (var kind : wakeups.get("syscalls")) {
            if (kind.get("name").asText().equals("write")) {
                for (var site : kind.get("sites")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) site).putArray("resources").addObject()
                            .put("resource", "anon_inode:[eventfd]").put("calls", site.get("calls").asLong()).put("walked", 10);
                }
            }
        }
        assertThat(Findings.of(Fixtures.loaded(wakeups))).noneSatisfy(x -> assertThat(x.title()).isEqualTo("Many small write calls from one site"));
    }

    @Test
    void serverPatterns() {
        List<Finding> f = Findings.of(Fixtures.load("server"));
        Finding sync = find(f, "fdatasync storm");
        assertThat(sync.site().frames().get(0)).contains("PageStore.sync");
        assertThat(sync.syscallsSaved()).isEqualTo(2_403 - 241);
        assertThat(sync.advice()).contains("group commit").doesNotContain("force(false)");

        // the server already waits in epoll_wait: "wait for readiness" is no advice for it
        assertThat(f).noneSatisfy(x -> assertThat(x.title()).contains("EAGAIN"));

        Finding poll = find(f, "epoll_wait returns nothing, in a loop");
        // the agent reports 199,858 ready descriptors over 412,880 polls: at least 213,022 came back empty
        assertThat(poll.syscallsSaved()).isEqualTo(412_880 - 199_858);
        assertThat(poll.evidence().get(0)).startsWith("At least 213,022 of 412,880 epoll_wait calls (51.6%)");

        Finding failing = find(f, "Failing newfstatat calls");
        assertThat(failing.evidence().get(0)).contains("java.nio.file.NoSuchFileException: 5,206");
        assertThat(failing.site().frames().get(0)).contains("Settings.overrideFile");
        // the same site's failing stats are one finding, not two
        assertThat(f).noneSatisfy(x -> assertThat(x.title()).contains("stats files over and over (newfstatat)"));
        Finding open = find(f, "opens files over and over (openat)");
        assertThat(open.site().frames().get(0)).contains("Catalog.readSchemaVersion");

        Finding writes = find(f, "Many small write calls");
        assertThat(writes.site().api()).isEqualTo("sun.nio.ch.SocketChannelImpl.write");
    }

    @Test
    void eagainWithoutPollingIsAKindWideFindingThatBlamesNoSite() {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("server");
        var kinds = tree.withArray("syscalls");
        for (int i = kinds.size() - 1; i >= 0; i--) {
            String name = kinds.get(i).get("name").asText();
            if (name.equals("epoll_wait") || name.equals("epoll_ctl")) {
                kinds.remove(i);
            }
        }
        Finding eagain = find(Findings.of(Fixtures.loaded(tree)), "read finds nothing ready (EAGAIN)");
        assertThat(eagain.syscallsSaved()).isEqualTo(188_020);
        assertThat(eagain.evidence().get(0)).contains("188,020 of 201,477 read calls (93.3%)");
        assertThat(eagain.site()).isNull();
    }

    @Test
    void gatheringWritesAndTheJdksOwnCallsGetNoBufferingAdvice() {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("server");
        for (var k : tree.withArray("syscalls")) {
            if (k.get("name").asText().equals("write")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) k).put("name", "writev");
            }
        }
        assertThat(Findings.of(Fixtures.loaded(tree))).noneSatisfy(x -> assertThat(x.title()).contains("small writev"));

        var jdk = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("server");
        for (var k : jdk.withArray("syscalls")) {
            for (var site : k.withArray("sites")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) site).putArray("frames");
            }
        }
        assertThat(Findings.of(Fixtures.loaded(jdk))).noneSatisfy(x -> assertThat(x.title()).startsWith("Many small"));
    }

    @Test
    void pollsWithoutReadyCountsFallBackOnLatency() {
        // a run whose epoll_wait carries no descriptor counts: polls that return within 16 µs did not wait
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("server");
        for (var s : tree.withArray("syscalls")) {
            if (s.get("name").asText().equals("epoll_wait")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) s).put("bytes_requested", 0).put("bytes", 0);
            }
        }
        Finding poll = find(Findings.of(Fixtures.loaded(tree)),
                "epoll_wait returns without waiting");
        // 412,880 polls against (201,477 - 188,020) + 186,400 successful socket transfers
        assertThat(poll.syscallsSaved()).isEqualTo(412_880 - (201_477 - 188_020) - 186_400);
    }

    @Test
    void seeksBeforeReadsOfTheSameMethod() {
        // partial.json seeks in Index.lookup and reads in CsvReader.fill: different code, no finding
        assertThat(Findings.of(Fixtures.load("partial"))).noneSatisfy(f -> assertThat(f.title()).startsWith("Seek"));

        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("partial");
        var readSite = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/syscalls/0/sites/0");
        readSite.putArray("frames").add("org.example.batch.Index.lookup(Index.java:52)")
                .add("org.example.batch.Importer.main(Importer.java:18)");
        Finding seek = find(Findings.of(Fixtures.loaded(tree)), "Seek before every read or write");
        assertThat(seek.syscallsSaved()).isEqualTo(39_000);
        assertThat(seek.advice()).contains("pread64");
        assertThat(seek.evidence().get(0)).contains("from org.example.batch.Index.lookup");

        // the same seeks made by the JDK loading classes: not the application's to change
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/syscalls/1/sites/0")).put("api", "java.lang.ClassLoader.loadClass");
        assertThat(Findings.of(Fixtures.loaded(tree))).noneSatisfy(f -> assertThat(f.title()).startsWith("Seek"));
    }

    @Test
    void seeksOnADataFileGetPositionalAdviceAndSeeksOnAJarNone() {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("partial");
        var readSite = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/syscalls/0/sites/0");
        readSite.putArray("frames").add("org.example.batch.Index.lookup(Index.java:52)");
        var seekSite = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/syscalls/1/sites/0");
        long seeks = seekSite.get("calls").asLong();
        var used = seekSite.putArray("resources");
        used.addObject().put("resource", "/data/index.bin").put("calls", seeks - 100).put("walked", 40);
        used.addObject().put("resource", "/opt/app/lib/app.jar").put("calls", 100).put("walked", 3);
        Finding seek = find(Findings.of(Fixtures.loaded(tree)), "Seek before every read or write");
        assertThat(seek.advice()).contains("pread64");
        assertThat(seek.evidence()).anySatisfy(e -> assertThat(e).contains("/data/index.bin (about " + Fmt.count(seeks - 100) + ")"));

        // reads that name their files count only on the seeked ones: reads of another file are no evidence
        long reads = readSite.get("calls").asLong();
        readSite.putArray("resources").addObject().put("resource", "/data/other.bin").put("calls", reads).put("walked", 50);
        assertThat(Findings.of(Fixtures.loaded(tree))).noneSatisfy(f -> assertThat(f.title()).startsWith("Seek"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) readSite.get("resources")).addObject()
                .put("resource", "/data/index.bin").put("calls", reads).put("walked", 50);
        assertThat(find(Findings.of(Fixtures.loaded(tree)), "Seek before every read or write").evidence().get(0))
                .contains(Fmt.count(reads) + " read/write calls");

        // the same application method seeking a jar (its own class or resource loading) gets no positional advice
        used.removeAll();
        used.addObject().put("resource", "/opt/app/lib/app.jar").put("calls", seeks - 100).put("walked", 40);
        used.addObject().put("resource", "/data/index.bin").put("calls", 100).put("walked", 3);
        assertThat(Findings.of(Fixtures.loaded(tree))).noneSatisfy(f -> assertThat(f.title()).startsWith("Seek"));
        used.removeAll();
        used.addObject().put("resource", "/usr/lib/jvm/jdk/lib/modules").put("calls", seeks).put("walked", 40);
        assertThat(Findings.of(Fixtures.loaded(tree))).noneSatisfy(f -> assertThat(f.title()).startsWith("Seek"));
    }

    @Test
    void everyFindingCitesFiguresOfTheRun() {
        for (String run : List.of("client", "server", "partial", "evil")) {
            for (Finding f : Findings.of(Fixtures.load(run))) {
                assertThat(f.evidence()).isNotEmpty().allSatisfy(e -> assertThat(e).containsPattern("\\d"));
                assertThat(f.savingBasis()).isNotBlank();
                assertThat(f.syscallsSaved()).isPositive();
            }
        }
    }

    @Test
    void viewsOrderFindingsBySavings() {
        View v = Views.of(List.of(Fixtures.load("server"))).get(0);
        assertThat(v.findings()).extracting(Finding::syscallsSaved).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    private static Finding find(List<Finding> all, String title) {
        return all.stream().filter(x -> x.title().contains(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding \"" + title + "\" in " + all.stream().map(Finding::title).toList()));
    }
}
