package io.ringzero.report.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void aJavaThatDoesNotExistIsOneLineBeforeAnythingRuns(@TempDir Path dir) {
        CliRun r = CliRun.of("demo", "--java", "/no/such/jdk/bin/java", "--no-model", "-o", dir.resolve("d").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("ringzero demo: /no/such/jdk/bin/java: no such program (--java takes the "
                + "path of a java launcher)");
        assertThat(dir.resolve("d")).doesNotExist();
    }
}
