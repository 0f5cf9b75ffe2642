package io.ringzero.report.check;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadCommandTest {

    @Test
    void theAgentComesFirstCountingOnly() {
        WorkloadCommand w = new WorkloadCommand(List.of("/opt/jdk/bin/java", "-Xmx1g", "-jar", "app.jar", "x"),
                Path.of("/a/ringzero-agent.jar"));
        assertThat(w.withAgent(Path.of("/out/run-01.json"))).containsExactly("/opt/jdk/bin/java",
                "-javaagent:/a/ringzero-agent.jar=out=/out/run-01.json,interval=0,quiet,sites=off",
                "-Xmx1g", "-jar", "app.jar", "x");
        assertThat(w.withAgent(Path.of("/out/r.json"), "/trusted/x/bin/java").get(0)).isEqualTo("/trusted/x/bin/java");
    }

    @Test
    void onlyJvmsAreChecked() {
        assertThatThrownBy(() -> new WorkloadCommand(List.of("python3", "x.py"), Path.of("a.jar")))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("java launcher");
        assertThatThrownBy(() -> new WorkloadCommand(List.of(), Path.of("a.jar")))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("after --");
    }

    @Test
    void anOutputPathTheAgentCannotParseIsRefused() {
        WorkloadCommand w = new WorkloadCommand(List.of("java", "Main"), Path.of("/a.jar"));
        assertThatThrownBy(() -> w.withAgent(Path.of("/tmp/a,b/run.json"))).isInstanceOf(CheckFailure.class);
    }
}
