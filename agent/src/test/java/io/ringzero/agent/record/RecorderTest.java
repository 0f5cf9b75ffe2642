package io.ringzero.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import io.ringzero.agent.count.Totals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counters and the run file, driven directly (no agent): what is counted is what is written. */
class RecorderTest {
    @Test
    void writesCountsSitesAndProcessFigures(@TempDir Path tmp) throws Exception {
        long before = writeCalls();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5000; i++) Counters.end(Syscall.PWRITE64, 16, 8, Counters.begin(Syscall.PWRITE64));
                Counters.fail(Syscall.PWRITE64, new java.io.IOException("disk full"), 0L);
            }));
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();

        Path out = tmp.resolve("run.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Recorder r = new Recorder(out, 0, true, Map.of("out", out.toString()), 12, List.of(), new PrintStream(err, true));
        r.start();
        assertThat(r.write(true)).isNotNull();

        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertThat(doc.get("schema").asText()).isEqualTo("ringzero.run/2");
        assertThat(doc.get("final").asBoolean()).isTrue();
        JsonNode pwrite = find(doc, "pwrite64");
        assertThat(pwrite.get("calls").asLong() - before).isEqualTo(4 * 5001);
        assertThat(pwrite.get("errors").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(pwrite.get("errors_by_class").get("java.io.IOException").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(pwrite.get("bytes_requested").asLong()).isGreaterThanOrEqualTo(4 * 5000 * 16L);
        assertThat(pwrite.get("latency").get("log2_ns")).hasSize(Counters.BUCKETS);
        assertThat(pwrite.get("latency").get("timed").asLong()).isPositive();
        JsonNode site = pwrite.get("sites").get(0);
        assertThat(site.get("frames").get(0).asText()).contains("RecorderTest");
        long siteCalls = 0;
        for (JsonNode s : pwrite.get("sites")) siteCalls += s.get("calls").asLong();
        assertThat(siteCalls).isEqualTo(pwrite.get("calls").asLong());
        assertThat(doc.get("cpu").get("now").get("user_s").asDouble()).isPositive();
        assertThat(doc.get("cpu").get("now").get("syscr").asLong()).isPositive();
        assertThat(doc.get("machine").get("kernel").asText()).isNotBlank();
        assertThat(doc.get("process").get("kml").get("ring0").asBoolean()).isFalse();
        assertThat(doc.get("snapshots")).hasSize(1);
        assertThat(doc.get("agent").get("install_ms").asLong()).isEqualTo(12);
        assertThat(Files.exists(tmp.resolve("run.json.tmp"))).isFalse();
        assertThat(doc.get("schema_minor").asInt()).isEqualTo(1);
        // an interval write that wakes after the exit write leaves the final file alone
        assertThat(r.write(false)).isNull();
        assertThat(new ObjectMapper().readTree(out.toFile()).get("final").asBoolean()).isTrue();
    }

    @Test
    void anUnwritableRunFileIsOneLineAndNoException(@TempDir Path tmp) throws Exception {
        Path blocker = Files.createFile(tmp.resolve("file"));
        Path out = blocker.resolve("run.json"); // a path under a regular file cannot be created
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Recorder r = new Recorder(out, 0, true, Map.of(), 0, List.of(), new PrintStream(err, true));
        r.start();
        assertThat(r.write(false)).isNull();
        assertThat(r.write(true)).isNull();
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().count()).isEqualTo(1);
        assertThat(text).startsWith("ringzero: cannot write run file").contains(out.toString());
    }

    private static long writeCalls() {
        return Totals.of(false)[Syscall.PWRITE64 * Counters.STRIDE + Counters.CALLS];
    }

    private static JsonNode find(JsonNode doc, String name) {
        for (JsonNode s : doc.get("syscalls")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no " + name + " in " + doc.get("syscalls"));
    }
}
