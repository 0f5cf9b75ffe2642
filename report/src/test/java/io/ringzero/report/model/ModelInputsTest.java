package io.ringzero.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringzero.report.Fixtures;
import io.ringzero.report.runfile.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelInputsTest {

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = ModelInputsTest.class.getResourceAsStream("/runs/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void prefersTheKernelsTotalsWhenTheRunFileHasThem() throws IOException {
        ModelInputs in = ModelInputs.fromRunFile(Fixtures.run(resource("with-oracle.json")));

        assertThat(in.source()).isEqualTo(CountSource.KERNEL);
        assertThat(in.countTool()).isEqualTo("perf");
        assertThat(in.totalCalls()).isEqualTo(27346L);
        assertThat(in.callsByKind()).containsKeys("futex", "mmap");
        assertThat(in.callsByKind().keySet()).first().isEqualTo("write");
        assertThat(in.measured()).isEqualTo(Times.of(2.0, 0.5, 3.0));
        assertThat(in.finalWrite()).isTrue();
    }

    @Test
    void fallsBackToJavaLevelCountsWithoutVdsoKinds() throws IOException {
        ModelInputs in = ModelInputs.fromRunFile(Fixtures.run(resource("java-only.json")));

        assertThat(in.source()).isEqualTo(CountSource.JAVA);
        assertThat(in.callsByKind()).containsOnlyKeys("write", "read");
        assertThat(in.totalCalls()).isEqualTo(24000L);
        assertThat(in.finalWrite()).isFalse();
    }

    @Test
    void readsCallSitesWithApiAndFrames() throws IOException {
        ModelInputs in = ModelInputs.fromRunFile(Fixtures.run(resource("with-oracle.json")));

        assertThat(in.sites()).hasSize(3);
        assertThat(in.sites().get(0).kind()).isEqualTo("write");
        assertThat(in.sites().get(0).api()).isEqualTo("java.io.FileOutputStream.write");
        assertThat(in.sites().get(0).topFrame()).isEqualTo("com.example.Logger.flush(Logger.java:10)");
    }

    @Test
    void runFileWithoutCpuTimesIsBadInput() throws IOException {
        ObjectNode run = (ObjectNode) resource("with-oracle.json");
        run.remove("cpu");
        assertThatThrownBy(() -> ModelInputs.fromRunFile(Fixtures.run(run)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cpu.now.user_s");
    }

    @Test
    void ring0RunIsFlagged() throws IOException {
        ObjectNode run = (ObjectNode) resource("with-oracle.json");
        ((ObjectNode) run.path("process").path("kml")).put("ring0", true);
        Prediction p = RingZeroModel.predict(ModelInputs.fromRunFile(Fixtures.run(run)), ModelParameters.givenSaving(100, 0.3, "t"));
        assertThat(p.flagged(Flag.ALREADY_RING0)).isTrue();
    }
}
