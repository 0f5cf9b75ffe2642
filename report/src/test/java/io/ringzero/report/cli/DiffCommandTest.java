package io.ringzero.report.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.report.Fixtures;
import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ringzero diff} on the same workload run by the real agent on JDK 17 and on JDK 25. */
class DiffCommandTest {

    @TempDir
    Path dir;

    private static final Path JDK17 = Fixtures.path("agent/jdk17");
    private static final Path JDK25 = Fixtures.path("agent/jdk25");

    @Test
    void perKindOldNewAndChange() throws IOException {
        CliRun r = CliRun.of("diff", JDK17.toString(), JDK25.toString(), "--no-model", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode d = new ObjectMapper().readTree(r.out());
        Run old = Fixtures.load("agent/jdk17").run();
        Run now = Fixtures.load("agent/jdk25").run();

        assertThat(d.at("/total/old").asLong()).isEqualTo(old.totals().calls());
        assertThat(d.at("/total/new").asLong()).isEqualTo(now.totals().calls());
        assertThat(d.at("/total/change").asLong()).isEqualTo(now.totals().calls() - old.totals().calls());
        assertThat(d.path("counts").asText()).isEqualTo("Java-level counts");
        for (JsonNode k : d.get("kinds")) {
            assertThat(k.at("/calls/old").asLong()).as(k.toString()).isEqualTo(calls(old, k.get("kind").asText()));
            assertThat(k.at("/calls/new").asLong()).as(k.toString()).isEqualTo(calls(now, k.get("kind").asText()));
        }
        assertThat(d.get("kinds").get(0).get("kind").asText()).as("the largest change first").isEqualTo("write");
        assertThat(d.at("/cpu/user_s/old").asDouble()).isEqualTo(old.cpu().now().userS());
        assertThat(d.has("ring0_saved_cpu_share")).isFalse();
    }

    @Test
    void textAndMarkdown() {
        CliRun text = CliRun.of("diff", JDK17.toString(), JDK25.toString(), "--saving-ns", "500");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("syscalls (Java-level counts): ", "write", "call sites (the agent's estimates)",
                "Writes.main(", "ring 0 (call path) would save");
        CliRun md = CliRun.of("diff", JDK17.toString(), JDK25.toString(), "--no-model", "--markdown");
        assertThat(md.out()).startsWith("### Syscalls: ").contains("| syscall | old | new | change | % |", "| write |");
    }

    @Test
    void perFileAndSocketAndPerCategory() throws IOException {
        CliRun r = CliRun.of("diff", JDK17.toString(), JDK25.toString(), "--no-model", "--json");
        JsonNode d = new ObjectMapper().readTree(r.out());
        long oldNull = 0;
        for (Run.Syscall s : Fixtures.load("agent/jdk17").run().syscalls()) {
            for (Run.Site site : s.sites()) {
                for (Run.Resource res : site.resources()) if (res.resource().equals("/dev/null")) oldNull += res.calls();
            }
        }
        assertThat(oldNull).isPositive();
        long expected = oldNull;
        assertThat(d.get("resources")).anySatisfy(x -> {
            assertThat(x.get("resource").asText()).isEqualTo("/dev/null");
            assertThat(x.at("/calls/old").asLong()).isEqualTo(expected);
        });
        assertThat(d.has("categories")).as("the agent's fixtures have no per-thread kernel counts").isFalse();
        assertThat(CliRun.of("diff", JDK17.toString(), JDK25.toString(), "--no-model").out()).contains("files and sockets", "/dev/null");

        Path threads = Fixtures.path("with-threads");
        CliRun same = CliRun.of("diff", threads.toString(), threads.toString(), "--no-model", "--markdown");
        assertThat(same.out()).contains("| who makes them (kernel, per thread) |", "| `jit` | 30500 | 30500 | +0 | +0.0% |");
    }

    @Test
    void socketsCompareWithoutTheirPortsAndUnchangedKindsAreOneLine() throws IOException {
        // the same workload twice: its server listened on another random port, its client got another ephemeral one
        var run = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.tree("agent/jdk17");
        var old = run.deepCopy();
        var site = (com.fasterxml.jackson.databind.node.ObjectNode) old.at("/syscalls/0/sites/0");
        site.putArray("resources").addObject().put("resource", "tcp6 127.0.0.1:41238 -> 127.0.0.1:41115").put("calls", 700).put("walked", 7);
        var now = run.deepCopy();
        site = (com.fasterxml.jackson.databind.node.ObjectNode) now.at("/syscalls/0/sites/0");
        site.putArray("resources").addObject().put("resource", "tcp6 127.0.0.1:38284 -> 127.0.0.1:33691").put("calls", 900).put("walked", 9);
        site.withArray("resources").addObject().put("resource", "pipe:[3246165]").put("calls", 4).put("walked", 4);
        Path a = dir.resolve("old.json"), b = dir.resolve("new.json");
        new ObjectMapper().writeValue(a.toFile(), old);
        new ObjectMapper().writeValue(b.toFile(), now);

        CliRun r = CliRun.of("diff", a.toString(), b.toString(), "--no-model");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("700 +900 +\\+200 +\\+28\\.6%  tcp6 127\\.0\\.0\\.1:\\* -> 127\\.0\\.0\\.1:\\*")
                .containsPattern("\\+4 +new  pipe\\n")
                .doesNotContain("41115", "33691");
        // both runs made the same calls: no kind row, one line saying so
        assertThat(r.out()).contains("every kind: the same count in both").doesNotContainPattern("\\+0 +\\+0\\.0%");
    }

    @Test
    void failAboveIsExitOneWhenTheSyscallsGrewByMore() throws IOException {
        // the same file against itself, and a copy with 10 % more writes
        String whole = Files.readString(JDK17);
        Run old = Fixtures.load("agent/jdk17").run();
        long writes = calls(old, "write");
        long more = old.totals().calls() / 10 + 1;
        Path grown = Files.writeString(dir.resolve("grown.json"), whole.replace("\"calls\":" + writes + ",",
                "\"calls\":" + (writes + more) + ","));
        assertThat(Fixtures.load("agent/jdk17").run().totals()).isNotNull();
        assertThat(calls(io.ringzero.report.runfile.RunFileReader.read(grown).run(), "write")).isEqualTo(writes + more);

        assertThat(CliRun.of("diff", JDK17.toString(), JDK17.toString(), "--no-model", "--fail-above", "0").exit()).isZero();
        CliRun failed = CliRun.of("diff", JDK17.toString(), grown.toString(), "--no-model", "--fail-above", "5");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err().strip()).startsWith("ringzero diff: syscalls grew by 10.0 %, more than 5.0 %");
        assertThat(CliRun.of("diff", JDK17.toString(), grown.toString(), "--no-model", "--fail-above", "15").exit()).isZero();
    }

    @Test
    void aDirectoryAddsItsRunFilesTogether() throws IOException {
        Path both = Files.createDirectories(dir.resolve("both"));
        Files.copy(JDK17, both.resolve("server.json"));
        Files.copy(JDK25, both.resolve("client.json"));
        Files.writeString(both.resolve("summary.json"), "{\"schema\": \"ringzero.summary/1\"}");
        CliRun r = CliRun.of("diff", JDK17.toString(), both.toString(), "--no-model", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        long sum = Fixtures.load("agent/jdk17").run().totals().calls() + Fixtures.load("agent/jdk25").run().totals().calls();
        assertThat(new ObjectMapper().readTree(r.out()).at("/total/new").asLong()).isEqualTo(sum);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (String[] args : new String[][] {
                {"diff", dir.resolve("nope.json").toString(), JDK25.toString()},
                {"diff", JDK17.toString(), empty.toString()},
                {"diff", JDK17.toString(), JDK25.toString(), "--fail-above", "-3"},
                {"diff", JDK17.toString(), JDK25.toString(), "--json", "--markdown"},
                {"diff", JDK17.toString()}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("ringzero").doesNotContain("\n")
                    .doesNotContain("\tat ");
        }
    }

    private static long calls(Run r, String kind) {
        return r.syscalls().stream().filter(s -> s.name().equals(kind)).mapToLong(Run.Syscall::calls).sum();
    }
}
