package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic attach (Agent-Class): classes already loaded are rewritten and counting starts mid-run. */
class AttachIT {
    @Test
    void attachesToARunningJvm(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run.json");
        Process p = new ProcessBuilder(ChildJvm.JAVA, "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading", "-cp", ChildJvm.CLASSES,
                IoWorkload.class.getName(), "slow-writes", "4000", tmp.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        Thread.sleep(1000);
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(p.pid()));
        try {
            vm.loadAgent(ChildJvm.AGENT.toString(), "out=" + run + ",interval=0,quiet");
        } finally {
            vm.detach();
        }
        assertThat(p.waitFor()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.toFile());
        long writes = 0;
        for (JsonNode s : doc.get("syscalls")) if (s.get("name").asText().equals("write")) writes = s.get("calls").asLong();
        // about 3000 of the 4000 writes come after the attach; at least some must have been counted, at most all
        assertThat(writes).isBetween(100L, 4001L);
        assertThat(Files.readString(tmp.resolve("out.txt"))).contains("done slow-writes 4000");
    }
}
