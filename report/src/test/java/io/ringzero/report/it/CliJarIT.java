package io.ringzero.report.it;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar as a user runs it: exit codes and messages of a real process. */
class CliJarIT {

    @Test
    void reportsFromTheShadedJar() throws Exception {
        Path dir = Processes.itDir("cli-jar");
        Processes p = Processes.run(dir, 120, Processes.cli("report", Fixtures.path("client").toString(),
                Fixtures.path("server").toString(), "-o", dir.resolve("rep").toString()));
        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(p.out()).contains("combined (2 runs)");
        assertThat(dir.resolve("rep/index.html")).isRegularFile();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path dir = Processes.itDir("cli-jar-bad");
        Path truncated = Files.writeString(dir.resolve("cut.json"), "{\"schema\": \"ringzero.run/1\", \"sysc");
        Path newer = Files.writeString(dir.resolve("newer.json"), "{\"schema\": \"ringzero.run/3\"}");
        for (Path bad : new Path[] {dir.resolve("absent.json"), truncated, newer}) {
            Processes p = Processes.run(dir, 120, Processes.cli("report", bad.toString(), "-o", dir.resolve("rep").toString()));
            assertThat(p.exit()).as(p.toString()).isEqualTo(2);
            assertThat(p.err().strip()).as(p.toString()).contains(bad.toString()).doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void runRefusesAJarThatIsNoAgent() throws Exception {
        Path dir = Processes.itDir("cli-jar-agent");
        // the CLI jar itself: a jar, but without Premain-Class
        Processes p = Processes.run(dir, 60, Processes.cli("run", "-o", dir.resolve("out").toString(),
                "--agent", Processes.cliJar().toString(), "--", "java", "-version"));
        assertThat(p.exit()).as(p.toString()).isEqualTo(2);
        assertThat(p.err().strip()).contains("not a Java agent jar (no Premain-Class").doesNotContain("\n");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Processes p = Processes.run(Processes.itDir("cli-jar-help"), 60, Processes.cli("--help"));
        assertThat(p.exit()).isZero();
        assertThat(p.out()).contains("report", "run");
    }
}
