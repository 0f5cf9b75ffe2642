package io.ringzero.report.flame;

import io.ringzero.report.Fixtures;
import io.ringzero.report.runfile.LoadedRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FlameGraphsTest {

    @TempDir
    Path dir;

    // The converter's string table writes each frame after a character giving the length of the prefix it shares
    // with the frame before (' ' = none): hence the leading space in the frames looked for below.

    @Test
    void theCpuGraphComesFromTheSideFileAndTheSitesFromTheRunFile() {
        RunFlameGraphs g = FlameGraphs.of(List.of(Fixtures.load("profiled"))).get(0);

        assertThat(g.cpu().file()).isEqualTo("profiled.cpu.html");
        assertThat(g.cpu().source()).isEqualTo("async-profiler's samples (profiled.json.cpu.collapsed)");
        assertThat(g.cpu().html()).contains("' ksys_write'", "CPU profile of profiled");
        assertThat(g.sites().file()).isEqualTo("profiled.sites.html");
        assertThat(g.sites().source()).isEqualTo("the run file's call sites");
    }

    @Test
    void withoutSideFilesTheCpuGraphSaysWhyAndTheSitesComeFromTheRunFile() throws IOException {
        Path alone = Files.copy(Fixtures.path("profiled"), dir.resolve("profiled.json"));
        RunFlameGraphs g = FlameGraphs.of(List.of(LoadedRun.read(alone))).get(0);

        assertThat(g.cpu().present()).isFalse();
        assertThat(g.cpu().missing()).isEqualTo("neither profiled.json.cpu.collapsed nor profiled.json.cpu.html is "
                + "beside the run file (the agent writes them there at exit; copy them with it)");
        assertThat(g.sites().present()).isTrue();
        assertThat(g.sites().source()).startsWith("the run file's call sites");
        assertThat(g.sites().html()).contains("' java.io.FileOutputStream.write'");
    }

    @Test
    void aTenThousandFrameStackIsCutNotOverflowed() throws IOException {
        Path run = Files.copy(Fixtures.path("profiled"), dir.resolve("deep.json"));
        StringBuilder line = new StringBuilder("thread_start");
        for (int i = 0; i < 10_000; i++) {
            line.append(";a.B.m").append(i).append("_[j]");
        }
        Files.writeString(dir.resolve("profiled.json.cpu.collapsed"), line + ";ksys_write_[k] 7\n");
        RunFlameGraphs g = FlameGraphs.of(List.of(LoadedRun.read(run))).get(0);

        assertThat(g.cpu().present()).as(g.cpu().missing()).isTrue();
        assertThat(g.cpu().html()).contains("[truncated]", "ksys_write").doesNotContain("thread_start");
        assertThat(BoundedStacks.bounded(line + " 3").split(";")).hasSize(BoundedStacks.MAX_FRAMES + 1);
        assertThat(BoundedStacks.bounded("a;b;c 3")).isEqualTo("a;b;c 3");
    }

    @Test
    void everySyscallByThreadComesFromTheKernelsPerThreadCounts() {
        // with-threads: C2 30,500 (gettid 30,000, futex 500), main 24,246, a hostile name 2,400, the recorder 200
        assertThat(ThreadStacks.lines(Fixtures.load("with-threads").run())).contains(
                "JIT compiler threads;C2 CompilerThre (501);gettid 30000",
                "application threads;main (500);write 20046",
                "RingZero: its threads, and its profiler's signals on the application's;ringzero-record (503);mmap 200");
        RunFlameGraphs g = FlameGraphs.of(List.of(Fixtures.load("with-threads"))).get(0);
        assertThat(g.threads().present()).isTrue();
        assertThat(g.threads().html()).doesNotContain("<img src=x onerror");
        assertThat(FlameGraphs.of(List.of(Fixtures.load("client"))).get(0).threads().missing()).contains("no per-thread kernel counts");
    }

    @Test
    void theKernelsStacksGoBelowTheirThreadAndKindOutermostFirst() {
        io.ringzero.report.runfile.Run.KernelOracle k = new io.ringzero.report.runfile.Run.KernelOracle("bpftrace", Map.of(), 1000L,
                List.of(new io.ringzero.report.runfile.Run.KernelThread(7, "pool-1-thread-1", 1000, Map.of("recvfrom", 1000L))),
                List.of(new io.ringzero.report.runfile.Run.KernelStack(7, "recvfrom", 980,
                        List.of("__recv (libc.so.6)", "[unknown] (libnetty_transport_native_epoll_x86_64.so)"))));
        io.ringzero.report.runfile.Run r = new io.ringzero.report.runfile.Run("ringzero.run/2", true, null, null, null, null, null,
                List.of(), null, List.of(), List.of(), k, null, null, null, null);
        // the 20 calls whose stack the kernel did not keep end at their kind
        assertThat(ThreadStacks.lines(r)).containsExactly(
                "application threads;pool-1-thread-1 (7);recvfrom;[unknown] (libnetty_transport_native_epoll_x86_64.so);__recv (libc.so.6) 980",
                "application threads;pool-1-thread-1 (7);recvfrom 20");
    }

    @Test
    void profileOffHasNoCpuGraphButItsCallSites() {
        RunFlameGraphs g = FlameGraphs.of(List.of(Fixtures.load("profile-off"))).get(0);

        assertThat(g.cpu().missing()).isEqualTo("profile=off: no CPU profile was taken");
        assertThat(g.sites().source()).isEqualTo("the run file's call sites");
    }

    @Test
    void aRunFileWithoutProfileSectionPredatesIt() {
        RunFlameGraphs g = FlameGraphs.of(List.of(Fixtures.load("client"))).get(0);

        assertThat(g.cpu().missing()).contains("no profile section", "schema_minor 1");
        assertThat(g.sites().present()).isTrue();
    }

    @Test
    void recordedPathsElsewhereAreNotFollowed() throws IOException {
        // the run file names /elsewhere/...; a file there must not be read, one of that name beside it is
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path run = Files.copy(Fixtures.path("profiled"), sub.resolve("renamed.json"));
        Files.writeString(sub.resolve("profiled.json.cpu.collapsed"), "beside;it 7\n");
        RunFlameGraphs g = FlameGraphs.of(List.of(LoadedRun.read(run))).get(0);

        assertThat(g.cpu().html()).contains("' beside'");
        assertThat(SideFiles.name(run, "/elsewhere/x.cpu.collapsed", ".cpu.collapsed")).isEqualTo("x.cpu.collapsed");
        assertThat(SideFiles.name(run, null, ".cpu.collapsed")).isEqualTo("renamed.json.cpu.collapsed");
    }

    @Test
    void aSideFileThatIsNotTextSaysSoInsteadOfFailing() throws IOException {
        Path run = Files.copy(Fixtures.path("profiled"), dir.resolve("profiled.json"));
        Files.write(dir.resolve("profiled.json.cpu.collapsed"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a', ' ', '1'});
        RunFlameGraphs g = FlameGraphs.of(List.of(LoadedRun.read(run))).get(0);

        assertThat(g.cpu().present()).isFalse();
        assertThat(g.cpu().missing()).startsWith("could not draw it from profiled.json.cpu.collapsed (");
    }

    @Test
    void fileNamesAreSafeAndDistinct() {
        Set<String> taken = new HashSet<>();
        assertThat(FlameGraphs.fileBase("server/run", taken)).isEqualTo("server_run");
        assertThat(FlameGraphs.fileBase("server:run", taken)).isEqualTo("server_run-2");
        assertThat(FlameGraphs.fileBase("<script>", taken)).isEqualTo("_script_");
        assertThat(FlameGraphs.fileBase("..", taken)).isEqualTo("_");
    }
}
