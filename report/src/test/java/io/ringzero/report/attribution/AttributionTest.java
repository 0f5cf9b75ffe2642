package io.ringzero.report.attribution;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttributionTest {

    @Test
    void threadsAreCategorisedByTheNamesHotSpotGivesThem() {
        assertThat(Category.ofThread("C2 CompilerThre")).isEqualTo(Category.JIT);
        assertThat(Category.ofThread("C1 CompilerThre")).isEqualTo(Category.JIT);
        assertThat(Category.ofThread("GC Thread#3")).isEqualTo(Category.GC);
        assertThat(Category.ofThread("G1 Service")).isEqualTo(Category.GC);
        assertThat(Category.ofThread("VM Thread")).isEqualTo(Category.JVM_OTHER);
        assertThat(Category.ofThread("VM Periodic Tas")).isEqualTo(Category.JVM_OTHER);
        assertThat(Category.ofThread("java")).isEqualTo(Category.JVM_OTHER);
        assertThat(Category.ofThread("ringzero-record")).isEqualTo(Category.AGENT);
        assertThat(Category.ofThread("main")).isEqualTo(Category.UNEXPLAINED);
        assertThat(Category.ofThread("javaagent-pool")).isEqualTo(Category.UNEXPLAINED);
        assertThat(Category.ofThread("(unnamed)")).isEqualTo(Category.UNEXPLAINED);
    }

    @Test
    void javaLevelCountsComeOutOfTheApplicationThreadsOnly() {
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 1300L, List.of(
                new Run.KernelThread(10, "(unnamed)", 1050, Map.of("write", 1000L, "futex", 50L)),
                new Run.KernelThread(11, "C2 CompilerThre", 200, Map.of("gettid", 150L, "write", 50L)),
                new Run.KernelThread(12, "ringzero-record", 50, Map.of("read", 50L))), null);
        // the agent counted 1020 writes, more than the application threads made: java_io takes at most those
        Attribution a = Attribution.of(List.of(run(k)), Map.of("write", 1020L, "read", 40L));
        assertThat(a.byCategory()).containsEntry(Category.JAVA_IO, 1000L).containsEntry(Category.JIT, 200L)
                .containsEntry(Category.AGENT, 50L).containsEntry(Category.THREAD_SYNC, 50L).doesNotContainKey(Category.UNEXPLAINED);
        assertThat(a.byKind().get("write")).containsEntry(Category.JAVA_IO, 1000L).containsEntry(Category.JIT, 50L)
                .doesNotContainKey(Category.UNEXPLAINED);
        assertThat(a.total()).isEqualTo(1300);
        assertThat(a.explained()).isEqualTo(1300);
        assertThat(a.threads()).extracting(Attribution.Thread::tid).containsExactly(10L, 11L, 12L);
        assertThat(a.threadCount(Category.JIT)).isEqualTo(1);
    }

    @Test
    void theProfilersSignalsOnTheApplicationThreadsAreTheAgents() {
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 1000L, List.of(
                new Run.KernelThread(10, "main", 1000, Map.of("ioctl", 700L, "rt_sigreturn", 250L, "mmap", 50L))), null);
        Run.Profile cpu = new Run.Profile("cpu", "cpu", "stopped", true, 10_000_000L, null, null, 300L, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        Attribution a = Attribution.of(List.of(run(k, cpu)), Map.of("ioctl", 2L));
        // 2 ioctl from the application's Java code; 2 per sample and 1 rt_sigreturn per sample from the profiler
        assertThat(a.byKind().get("ioctl")).containsEntry(Category.JAVA_IO, 2L).containsEntry(Category.AGENT, 600L)
                .containsEntry(Category.UNEXPLAINED, 98L);
        assertThat(a.byKind().get("rt_sigreturn")).containsEntry(Category.AGENT, 250L).doesNotContainKey(Category.UNEXPLAINED);
        assertThat(a.byKind().get("mmap")).containsEntry(Category.UNEXPLAINED, 50L);
    }

    @Test
    void theAgentsOwnIoOnTheApplicationThreadsIsTheAgents() {
        Run.KernelOracle k = new Run.KernelOracle("bpftrace", Map.of(), 80L, List.of(
                new Run.KernelThread(10, "main", 70, Map.of("read", 70L)),
                new Run.KernelThread(11, "ringzero-record", 10, Map.of("read", 10L))), null);
        Run.Syscall ownReads = new Run.Syscall("read", 30, 0, 0, 0, Map.of(), null, List.of());
        Run r = new Run("ringzero.run/2", true, null, null, null, null, null, List.of(), new Run.AgentOwn(List.of(ownReads)),
                List.of(), List.of(), k, null, null, null, null);
        Attribution a = Attribution.of(List.of(new LoadedRun(Path.of("run.json"), r, "run")), Map.of("read", 40L));
        // 40 of main's reads are the application's Java I/O; of the agent's 30, 10 were on its own thread, so 20 on main
        assertThat(a.byKind().get("read")).containsEntry(Category.JAVA_IO, 40L).containsEntry(Category.AGENT, 30L)
                .containsEntry(Category.UNEXPLAINED, 10L);
    }

    @Test
    void noAttributionUnlessEveryRunHasPerThreadCounts() {
        Run.KernelOracle perf = new Run.KernelOracle("perf", Map.of("write", 5L), 5L);
        assertThat(Attribution.of(List.of(run(perf)), Map.of())).isNull();
    }

    private static LoadedRun run(Run.KernelOracle k) {
        return run(k, null);
    }

    private static LoadedRun run(Run.KernelOracle k, Run.Profile profile) {
        Run r = new Run("ringzero.run/2", true, null, null, null, null, null, List.of(), null, List.of(), List.of(), k, profile, null, null, null);
        return new LoadedRun(Path.of("run.json"), r, "run");
    }
}
