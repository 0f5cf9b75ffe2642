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
        assertThat(doc.get("schema_minor").asInt()).isEqualTo(3);
        assertThat(doc.has("window")).isFalse();
        // the code a kernel tracer's return addresses fall in: libjvm's text, in hexadecimal as /proc prints it
        JsonNode jvmText = null;
        for (JsonNode m : doc.get("code_maps")) if (m.get("path").asText().endsWith("/libjvm.so")) jvmText = m;
        assertThat(jvmText).isNotNull();
        assertThat(Long.parseUnsignedLong(jvmText.get("end").asText(), 16)).isGreaterThan(Long.parseUnsignedLong(jvmText.get("start").asText(), 16));
        assertThat(jvmText.get("offset").asText()).matches("[0-9a-f]+");
        // an interval write that wakes after the exit write leaves the final file alone
        assertThat(r.write(false)).isNull();
        assertThat(new ObjectMapper().readTree(out.toFile()).get("final").asBoolean()).isTrue();
    }

    @Test
    void theThreadTableNamesEveryThreadWithWhatTheKernelChargedIt(@TempDir Path tmp) throws Exception {
        // a Java thread with a name the kernel must cut (16 bytes), making 2,000 writes of its own
        Path data = tmp.resolve("w.bin");
        Thread writer = new Thread(() -> {
            try (java.io.FileOutputStream f = new java.io.FileOutputStream(data.toFile())) {
                for (int i = 0; i < 2000; i++) f.write(i);
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
            try { Thread.sleep(60_000); } catch (InterruptedException done) { }
        }, "ringzero-test-wri");
        writer.setDaemon(true);
        writer.start();
        while (!data.toFile().exists() || data.toFile().length() < 2000) Thread.sleep(10);
        Path out = tmp.resolve("threads.json");
        Recorder r = new Recorder(out, 0, true, Map.of(), 0, List.of(), new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(r.write(true)).isNotNull();
        writer.interrupt();
        JsonNode threads = new ObjectMapper().readTree(out.toFile()).get("threads");
        assertThat(threads.size()).isGreaterThan(3);
        JsonNode w = null;
        for (JsonNode t : threads) if (t.get("name").asText().equals("ringzero-test-w")) w = t;
        assertThat(w).as("the kernel's 15 bytes of the writer's name among %s", threads).isNotNull();
        assertThat(w.get("java").asBoolean()).isTrue();
        assertThat(w.get("daemon").asBoolean()).isTrue();
        assertThat(w.get("syscw").asLong()).isGreaterThanOrEqualTo(2000);
        assertThat(w.get("tid").asLong()).isPositive();
        assertThat(w.get("user_s").isNumber()).isTrue();
        // the JVM's own threads are there too, and are not Java threads
        boolean jit = false;
        for (JsonNode t : threads) if (t.get("name").asText().startsWith("C2 CompilerThre")) jit = !t.get("java").asBoolean();
        assertThat(jit).as("a C2 compiler thread, not a Java thread, in %s", threads).isTrue();
        assertThat(ThreadTable.kernelName("pool-1-thread-10")).isEqualTo("pool-1-thread-1");
    }

    @Test
    void aWindowHoldsWhatWasCountedWhileItWasOpen(@TempDir Path tmp) throws Exception {
        for (int i = 0; i < 700; i++) Counters.end(Syscall.FSYNC, 0, 0, 0L); // before the window
        Path out = tmp.resolve("window.json");
        Recorder r = new Recorder(out, 0, true, Map.of(), 0, List.of(), new PrintStream(new ByteArrayOutputStream(), true));
        r.openWindow(2, false);
        r.start();
        for (int i = 0; i < 300; i++) Counters.end(Syscall.FSYNC, 0, 0, 0L);
        Counters.fail(Syscall.FSYNC, new java.io.SyncFailedException("no"), 0L);
        assertThat(r.close()).isTrue();

        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertThat(doc.get("final").asBoolean()).isTrue();
        assertThat(doc.get("window").get("number").asInt()).isEqualTo(2);
        JsonNode fsync = find(doc, "fsync");
        assertThat(fsync.get("calls").asLong()).isEqualTo(301);
        assertThat(fsync.get("errors").asLong()).isEqualTo(1);
        assertThat(fsync.get("errors_by_class").get("java.io.SyncFailedException").asLong()).isEqualTo(1);
        long siteCalls = 0;
        for (JsonNode s : fsync.get("sites")) siteCalls += s.get("calls").asLong();
        assertThat(siteCalls).isEqualTo(301);
        // closed: nothing more is written, by the interval loop or the exit hook
        for (int i = 0; i < 5; i++) Counters.end(Syscall.FSYNC, 0, 0, 0L);
        assertThat(r.write(true)).isNull();
        assertThat(find(new ObjectMapper().readTree(out.toFile()), "fsync").get("calls").asLong()).isEqualTo(301);
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
