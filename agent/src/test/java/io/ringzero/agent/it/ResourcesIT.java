package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resources the call sites name, against {@code strace -f -y}, which prints each call's descriptor with the
 * path it is open on: per file and kind, the agent's estimate must agree with the kernel's count within the
 * sampling error docs/report.md states (2 x calls / sqrt(walks); none when every call was walked).
 */
class ResourcesIT {
    /** "1234 read(5</tmp/x/data.bin>, ..." (strace -f -y), also when strace splits the call (unfinished). */
    private static final Pattern CALL = Pattern.compile("^(?:\\[pid +)?\\d+\\]? +([a-z0-9_]+)\\(\\d+<([^>]*)>");

    @BeforeAll
    static void needsStrace() {
        assumeTrue(ChildJvm.hasStrace(), "strace is not installed");
    }

    @Test
    void everyCallWalkedGivesTheKernelsCountPerFile(@TempDir Path tmp) throws Exception {
        agreeWithStrace(tmp, 2000, "sample=1", true);
    }

    @Test
    void sampledEstimatesAgreeWithinTheirStatedError(@TempDir Path tmp) throws Exception {
        // sample=256: 100,000 calls per file and kind make a few hundred walks each, far from every call
        agreeWithStrace(tmp, 100_000, "sample=256", false);
    }

    private static void agreeWithStrace(Path tmp, int n, String sampling, boolean exact) throws Exception {
        Path dir = tmp.resolve("run"), strace = dir.resolve("strace.txt");
        ChildJvm.Result r = ChildJvm.run(dir, List.of("strace", "-f", "-y", "-o", strace.toString()), List.of(),
                "out=@RUN,interval=0,quiet,profile=off," + sampling, "seek-read-file-and-jar", String.valueOf(n), dir.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        Map<String, Long> kernel = straceCalls(strace);
        Map<String, long[]> agent = agentResources(r.run());
        String data = dir.resolve("data").resolve("data.bin").toRealPath().toString();
        String jar = dir.resolve("data").resolve("lib.jar").toRealPath().toString();
        for (String key : List.of("read " + data, "lseek " + data, "read " + jar, "lseek " + jar)) {
            long k = kernel.getOrDefault(key, 0L);
            long[] a = agent.get(key);
            assertThat(a).as("the agent names %s (it named %s)", key, agent.keySet()).isNotNull();
            assertThat(k).as("strace saw %s", key).isGreaterThanOrEqualTo(n);
            long error = statedError(a);
            System.out.printf("%s %s: agent %d +- %d (%d walks), strace %d%n", sampling, key, a[0], error, a[1], k);
            if (exact) assertThat(a[1]).as("%s: every call walked", key).isGreaterThanOrEqualTo(a[0]);
            else assertThat(a[1]).as("%s: sampled, not every call walked", key).isLessThan(a[0] / 10);
            assertThat(Math.abs(a[0] - k)).as("%s: agent %d (%d walks, error %d), strace %d", key, a[0], a[1], error, k)
                    .isLessThanOrEqualTo(error);
        }
    }

    @Test
    void loopbackSocketsNameTheirLocalAndPeerAddresses(@TempDir Path tmp) throws Exception {
        ChildJvm.Result r = ChildJvm.run(tmp.resolve("run"), "out=@RUN,interval=0,quiet,profile=off", false, "loopback-tcp", "100",
                tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        Matcher ports = Pattern.compile("ports (\\d+) (\\d+)").matcher(r.stdout());
        assertThat(ports.find()).as(r.stdout()).isTrue();
        String server = "127.0.0.1:" + ports.group(1), client = "127.0.0.1:" + ports.group(2);
        Map<String, long[]> agent = agentResources(r.run());
        // a Java socket is dual-stack where IPv6 is on: the kernel lists it in tcp6, with an IPv4-mapped address
        // the workload's 100 one-byte writes and reads (a read at the end of the stream would be one more)
        assertWithinStatedError(agent, "write tcp6? " + client + " -> " + server, 100);
        assertWithinStatedError(agent, "read tcp6? " + server + " -> " + client, 100);
        assertWithinStatedError(agent, "accept tcp6? " + server + " \\(listening\\)", 1);
    }

    /**
     * Several threads making the same kind through two sites at once, each thread switching between the two in bursts
     * of its own length: each site's estimate must stay within its stated error of the true count.
     */
    @Test
    void twoSitesSharingAKindAcrossThreadsEachWithinItsStatedError(@TempDir Path tmp) throws Exception {
        int n = 100_000;
        ChildJvm.Result r = ChildJvm.run(tmp.resolve("run"), "out=@RUN,interval=0,quiet,profile=off,sample=256", false,
                "shared-kind-two-sites", String.valueOf(n), tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        long[] a = null, b = null;
        for (JsonNode kind : r.run().get("syscalls")) {
            if (!kind.get("name").asText().equals("read")) continue;
            for (JsonNode site : kind.get("sites")) {
                String top = site.get("frames").size() == 0 ? "" : site.get("frames").get(0).asText();
                long[] est = {site.get("calls").asLong(), site.get("walked").asLong()};
                if (top.contains("ResourceWorkloads.readA")) a = est;
                if (top.contains("ResourceWorkloads.readB")) b = est;
            }
        }
        assertThat(a).as("site readA").isNotNull();
        assertThat(b).as("site readB").isNotNull();
        Matcher truth = Pattern.compile("sites (\\d+) (\\d+)").matcher(r.stdout());
        assertThat(truth.find()).as(r.stdout()).isTrue();
        for (long[][] c : new long[][][] {{a, {Long.parseLong(truth.group(1))}}, {b, {Long.parseLong(truth.group(2))}}}) {
            long[] est = c[0];
            long actual = c[1][0], error = statedError(est);
            System.out.printf("shared kind: estimate %d +- %d (%d walks), actually %d%n", est[0], error, est[1], actual);
            assertThat(est[1]).as("sampled").isLessThan(est[0] / 10);
            assertThat(Math.abs(est[0] - actual)).as("estimate %d (%d walks, error %d), actually %d", est[0], est[1], error, actual)
                    .isLessThanOrEqualTo(error);
        }
    }

    @Test
    void selectorWakeupsNameTheEventfdStraceShows(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run"), strace = dir.resolve("strace.txt");
        ChildJvm.Result r = ChildJvm.run(dir, List.of("strace", "-f", "-y", "-o", strace.toString()), List.of(),
                "out=@RUN,interval=0,quiet,profile=off,sample=1", "selector-wakeup", "500", dir.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        Map<String, Long> kernel = straceCalls(strace);
        Map<String, long[]> agent = agentResources(r.run());
        // the natives take an int, so the hook names the descriptor as the kernel does; Selector.close wakes it once more
        for (String key : List.of("write anon_inode:[eventfd]", "read anon_inode:[eventfd]")) {
            assertThat(agent).as("the agent names %s (it named %s)", key, agent.keySet()).containsKey(key);
            assertThat(agent.get(key)[0]).as(key).isBetween(500L, 501L).isEqualTo(kernel.get(key));
        }
    }

    /** The one key that matches: its estimate agrees with the true count within its stated error. */
    private static void assertWithinStatedError(Map<String, long[]> agent, String regex, long actual) {
        List<String> keys = agent.keySet().stream().filter(k -> k.matches(regex)).toList();
        assertThat(keys).as("%s among %s", regex, agent.keySet()).hasSize(1);
        long[] a = agent.get(keys.get(0));
        assertThat(Math.abs(a[0] - actual)).as("%s: agent %d (%d walks), actually %d", keys.get(0), a[0], a[1], actual)
                .isLessThanOrEqualTo(statedError(a));
    }

    /** docs/report.md: two standard errors, 2 x calls / sqrt(walks); none when every call was walked. */
    private static long statedError(long[] estimate) {
        return estimate[1] >= estimate[0] ? 0 : Math.round(2 * estimate[0] / Math.sqrt(estimate[1]));
    }

    /** "kind resource" -> {estimated calls, walks}, summed over the kind's sites. */
    static Map<String, long[]> agentResources(JsonNode run) {
        Map<String, long[]> m = new HashMap<>();
        for (JsonNode kind : run.get("syscalls")) {
            for (JsonNode site : kind.get("sites")) {
                for (JsonNode res : site.get("resources")) {
                    long[] sum = m.computeIfAbsent(kind.get("name").asText() + " " + res.get("resource").asText(), x -> new long[2]);
                    sum[0] += res.get("calls").asLong();
                    sum[1] += res.get("walked").asLong();
                }
            }
        }
        return m;
    }

    /** "kind path" -> calls, over every process and thread strace followed. */
    static Map<String, Long> straceCalls(Path log) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher c = CALL.matcher(line);
            if (c.find()) m.merge(c.group(1) + " " + c.group(2), 1L, Long::sum);
        }
        return m;
    }
}
