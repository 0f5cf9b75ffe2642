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

    @Test
    void aCallMadeInsideAProbedFunctionGoesOnFromItToItsCallerWithoutTheStaleWordsOfItsFrame() throws Exception {
        long pid = 2_000_000_001L + ProcessHandle.current().pid();
        Path perfMap = Path.of("/tmp", "perf-" + pid + ".map");
        Files.writeString(perfMap, """
                0x100000 0x100 void app.Caller.run()
                0x200000 0x100 void lib.C.realpath()
                0x300000 0x100 void lib.C.readlink()
                0x400000 0x100 void lib.C.stale()
                """);
        try {
            Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 3L, List.of(), List.of(
                    // the walk found the function's frame: what follows it goes
                    new Run.KernelStack(1, "readlink", 2, List.of("0x300010", "0x200010", "0x400010", "!0x200000", "!0x100020")),
                    // it did not: the function comes right after the syscall's own frame
                    new Run.KernelStack(1, "readlink", 1, List.of("0x300010", "0x400010", "!0x200000", "!0x100020"))));
            Run run = new Run("ringzero.run/2", true, null, new Run.Process(pid, null, null, null, null, null, null, null),
                    null, null, null, List.of(), null, List.of(), List.of(), k, null, null, null, List.of());
            assertThat(StackNames.named(k, run).stacks()).containsExactly(new Run.KernelStack(1, "readlink", 3,
                    List.of("lib.C.readlink (jit)", "lib.C.realpath (jit)", "app.Caller.run (jit)")));
        } finally {
            Files.deleteIfExists(perfMap);
        }
    }

    @Test
    void theBoundOnStacksCountsOnceTheyAreNamedNotWhileTheTracersKeysStillDiffer() {
        List<Run.KernelStack> raw = new java.util.ArrayList<>();
        for (int i = 0; i <= io.ringzero.report.oracle.BpftraceOracle.MAX_STACKS * 2; i++) {
            // words that are no return address: each makes its own key in the tracer, and all read the same
            raw.add(new Run.KernelStack(1, "read", 1, List.of("0x100010", "?0x" + Integer.toHexString(16 + i))));
        }
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), (long) raw.size(), List.of(), raw);
        Run run = new Run("ringzero.run/2", true, null, null, null, null, null, List.of(), null, List.of(), List.of(), k,
                null, null, null, List.of());
        assertThat(StackNames.named(k, run).stacks()).containsExactly(
                new Run.KernelStack(1, "read", raw.size(), List.of(Symbolizer.UNKNOWN)));
    }

    @Test
    void stacksBeyondTheBoundAreMergedByTheFramesThatDecideTheirCategory() {
        List<Run.KernelStack> stacks = new java.util.ArrayList<>();
        for (int i = 0; i < io.ringzero.report.oracle.BpftraceOracle.MAX_STACKS; i++) {
            stacks.add(new Run.KernelStack(1, "write", 100 + i, List.of("write (libc.so.6)", "f" + i + " (libfoo.so)")));
        }
        // beyond the bound: two calls through the JDK's native from different Java callers, one that nothing decides
        stacks.add(new Run.KernelStack(2, "write", 2, List.of("write (libc.so.6)", "Java_java_io_FileOutputStream_writeBytes (libjava.so)", "a.B.c (jit)")));
        stacks.add(new Run.KernelStack(2, "write", 1, List.of("write (libc.so.6)", "Java_java_io_FileOutputStream_writeBytes (libjava.so)", "d.E.f (jit)")));
        stacks.add(new Run.KernelStack(2, "read", 1, List.of("read (libc.so.6)", "[unknown]")));
        List<Run.KernelStack> kept = StackNames.bounded(stacks);
        assertThat(kept).hasSize(io.ringzero.report.oracle.BpftraceOracle.MAX_STACKS + 2);
        assertThat(kept.get(0).calls()).isEqualTo(100 + io.ringzero.report.oracle.BpftraceOracle.MAX_STACKS - 1);
        assertThat(kept.subList(kept.size() - 2, kept.size())).containsExactly(
                new Run.KernelStack(2, "write", 3, List.of("write (libc.so.6)", "Java_java_io_FileOutputStream_writeBytes (libjava.so)")),
                new Run.KernelStack(2, "read", 1, List.of("read (libc.so.6)")));
    }
}
