package io.ringzero.report.symbols;

import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StackNamesTest {

    @Test
    void framesAreNamedFromThePerfMapWhichIsThenRemovedAndStacksThatReadTheSameAreMerged() throws Exception {
        long pid = 2_000_000_000L + ProcessHandle.current().pid(); // no such process: the map is this test's
        Path perfMap = Path.of("/tmp", "perf-" + pid + ".map");
        Files.writeString(perfMap, "0x0000000000100000 0x0000000000000100 void a.B.c(int)\n");
        try {
            Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 30L, List.of(), List.of(
                    // two return addresses inside the same compiled method; a stack word that is no return address
                    new Run.KernelStack(1, "read", 20, List.of("0x100010", "?0x10")),
                    new Run.KernelStack(1, "read", 10, List.of("0x100020"))));
            Run run = new Run("ringzero.run/2", true, null, new Run.Process(pid, null, null, null, null, null, null, null),
                    null, null, null, List.of(), null, List.of(), List.of(), k, null, null, null, List.of());
            Run.KernelOracle named = StackNames.named(k, run);
            assertThat(named.stacks()).containsExactly(new Run.KernelStack(1, "read", 30, List.of("a.B.c (jit)")));
            assertThat(perfMap).doesNotExist();
        } finally {
            Files.deleteIfExists(perfMap);
        }
    }
}
