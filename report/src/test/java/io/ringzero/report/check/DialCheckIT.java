package io.ringzero.report.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.report.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dial on a workload with a known number of syscalls, with the orchestrator inside this test JVM:
 * N_eff must find the writes, and neither this JVM nor the orchestrator may ever be filtered.
 */
class DialCheckIT {

    /** Enough that the writes dominate the JVM's own few thousand syscalls and its start-up noise. */
    static final int WRITES = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void nEffFindsTheWritesOfAKnownWorkload() throws Exception {
        Path out = dir.resolve("check");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        // Deltas up to 1600 ns (two stacked filters at the top) and four rounds: on a shared 2-core
        // machine a run's CPU time moves by a few tenths of a second, the dial's signal must dwarf that.
        int code = cli.execute("check", "--json", "--repeat", "4", "--deltas", "0,400,800,1200,1600",
                "--saving-ns", "200", "--agent", AgentJar.locate().toString(), "-o", out.toString(), "--",
                AgentJar.java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", AgentJar.testClasses().toString(),
                WriteDevNull.class.getName(), String.valueOf(WRITES));
        assertThat(code).as(stderr.toString()).isZero();

        JsonNode r = new ObjectMapper().readTree(stdout.toString());
        long counted = r.path("n_counted").asLong();
        double nEff = r.path("n_eff").asDouble();
        // For the record (target/failsafe-reports): the figures docs/check.md quotes come from such runs.
        System.out.printf("DialCheckIT: N_eff %.0f, 95%% interval %s, counted %d, levels %s%n", nEff,
                r.path("n_eff_ci95"), counted, r.path("levels"));
        assertThat(counted).as("the agent counts every write").isBetween((long) WRITES, WRITES + 1000L);
        assertThat(nEff).as("N_eff %,.0f (interval %s) against N %,d", nEff, r.path("n_eff_ci95"), counted)
                .isBetween(0.9 * counted, 1.1 * counted);
        assertThat(r.path("delta_per_load").path("slope").asDouble()).isBetween(0.02, 2.0);

        // The orchestrator ran here: no filter, before or after. The workloads print their own mode.
        assertThat(r.path("orchestrator_seccomp").asInt()).isZero();
        assertThat(SeccompStatus.ofSelf().mode()).isZero();
        for (JsonNode run : r.path("runs")) {
            String name = Path.of(run.path("run_file").asText()).getFileName().toString().replace(".json", ".stdout");
            String said = Files.readString(out.resolve(name));
            int filters = run.path("launch").path("loads_per_filter").size();
            assertThat(said).contains("Seccomp: " + (filters == 0 ? 0 : 2))
                    .contains("Seccomp_filters: " + filters);
        }

        assertThat(stderr.toString()).contains("run 20 of 20");
        assertThat(r.path("table").size()).isEqualTo(5);
        assertThat(r.path("verdict").path("agree").asBoolean()).isTrue();
    }
}
