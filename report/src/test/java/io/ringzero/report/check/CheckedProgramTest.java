package io.ringzero.report.check;

import io.ringzero.report.launch.AgentLaunch;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckedProgramTest {

    @Test
    void theAgentComesFirstCountingOnly() {
        CheckedProgram w = new CheckedProgram(List.of("/opt/jdk/bin/java", "-Xmx1g", "-jar", "app.jar", "x"),
                new AgentLaunch(Path.of("/a/ringzero-agent.jar")));
        assertThat(w.withAgent(Path.of("/out/run-01.json"))).containsExactly("/opt/jdk/bin/java",
                "-javaagent:/a/ringzero-agent.jar=out=/out/run-01.json,interval=0,quiet,sites=off",
                "-Xmx1g", "-jar", "app.jar", "x");
        assertThat(w.withAgent(Path.of("/out/r.json"), "/trusted/x/bin/java").get(0)).isEqualTo("/trusted/x/bin/java");
    }

    @Test
    void onlyJvmsAreChecked() {
        assertThatThrownBy(() -> new CheckedProgram(List.of("python3", "x.py"), new AgentLaunch(Path.of("a.jar"))))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("java launcher");
        assertThatThrownBy(() -> new CheckedProgram(List.of(), new AgentLaunch(Path.of("a.jar"))))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("after --");
    }

    @Test
    void anOutputPathTheAgentCannotParseIsRefused() {
        CheckedProgram w = new CheckedProgram(List.of("java", "Main"), new AgentLaunch(Path.of("/a.jar")));
        assertThatThrownBy(() -> w.withAgent(Path.of("/tmp/a,b/run.json"))).isInstanceOf(CheckFailure.class);
    }
}
