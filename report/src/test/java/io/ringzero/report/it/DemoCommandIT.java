package io.ringzero.report.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ringzero demo} at its smallest: both JVMs under the real agent, the merged report with the model. */
class DemoCommandIT {
    @Test
    void smallDemoWritesBothRunFilesAndTheMergedReport() throws Exception {
        Path dir = Processes.itDir("demo");
        Path agent = Processes.agentJar();
        List<String> cmd = new ArrayList<>(Processes.cli("demo", "--loops", "2", "--scale", "small", "-o", dir.resolve("out").toString(),
                "--agent", agent.toString()));
        Processes p = Processes.run(dir, 600, cmd);
        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(p.err()).contains("wisconsin: loop").contains("ringzero demo: wisconsin:");

        ObjectMapper json = new ObjectMapper();
        for (String run : List.of("server.json", "client.json")) {
            JsonNode doc = json.readTree(dir.resolve("out").resolve(run).toFile());
            assertThat(doc.get("final").asBoolean()).as(run).isTrue();
            assertThat(names(doc)).as(run + " kinds").contains("read", "write");
        }
        Path report = dir.resolve("out/report");
        assertThat(report.resolve("index.html")).exists();
        String md = Files.readString(report.resolve("report.md"));
        assertThat(md).contains("H2 server").contains("Wisconsin client").contains("## Ring 0").contains("ring 0, call path");
        assertThat(p.out()).contains("report: ").contains("index.html");
        // the answer last: Table 2 with the article's rows, the figures of the report's Ring 0 section
        String table2 = p.out().substring(p.out().lastIndexOf("Table 2 (the KML article's), on this run"));
        assertThat(table2).contains("the article: MySQL, original Linux", "753.86", "728.61", "Why they differ:");
        String measuredRow = md.lines().filter(l -> l.startsWith("| measured |")).findFirst().orElseThrow();
        String cpu = measuredRow.split("\\|")[2].strip();
        assertThat(table2.lines().filter(l -> l.startsWith("measured ")).findFirst().orElseThrow()).contains(cpu);
        assertThat(p.out().strip()).endsWith(table2.strip());

        // the demo's directory is what ringzero diff takes: its side files are not mistaken for run files
        Processes diff = Processes.run(dir, 120, Processes.cli("diff", dir.resolve("out").toString(), dir.resolve("out").toString(), "--no-model"));
        assertThat(diff.exit()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("syscalls (");
    }

    private static List<String> names(JsonNode doc) {
        List<String> names = new ArrayList<>();
        for (JsonNode s : doc.get("syscalls")) names.add(s.get("name").asText());
        return names;
    }
}
