package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * async-profiler inside the agent, in child JVMs: the innermost stacks of a write-heavy workload, the fallbacks, the
 * flame-graph files, and that nothing the profiler does (or fails to do) reaches the application.
 */
class ProfilerIT {
    /** Long enough for the profiler to be up (its start takes up to seconds on a busy two-core machine) and sample. */
    private static final String WRITE_MS = "6000";

    @Test
    void aWriteHeavyWorkloadSpendsKernelTimeInTheWriteBody(@TempDir Path tmp) throws Exception {
        ChildJvm.Result r = ChildJvm.run(tmp, "out=@RUN,interval=1,quiet,profile_interval=1ms", false, "fos-write1-for-ms", WRITE_MS, tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        JsonNode run = r.run();
        assertThat(run.get("schema").asText()).isEqualTo("ringzero.run/2");
        assertThat(run.get("schema_minor").asInt()).isEqualTo(3); // profile.stacks came with major 2, sites[].resources with 2.1, threads with 2.2, code_maps with 2.3
        JsonNode p = run.get("profile");
        assumeTrue(p.get("fallback_reason").isNull(), "perf_events unavailable here: " + p.get("fallback_reason"));
        assertThat(p.get("engine").asText()).isEqualTo("cpu");
        assertThat(p.get("status").asText()).isEqualTo("stopped");
        assertThat(p.get("kernel_frames").asBoolean()).isTrue();
        assertThat(p.get("error").isNull()).as("%s", p.get("error")).isTrue();
        assertThat(p.get("samples").asLong()).isPositive();
        assertNoDerivedFigures(p);
        List<String> stacks = stacks(p);
        assertThat(stacks).isNotEmpty().anyMatch(l -> l.contains("_[k]"));
        assertThat(sampleCounts(stacks)).isLessThanOrEqualTo(p.get("samples").asLong());
        // the write's body under the application's call, within the call sites' depth of Java frames
        assertThat(stacks).anyMatch(l -> l.contains("java/io/FileOutputStream.write") && l.contains(IoWorkload.class.getName().replace('.', '/'))
                && (l.contains("ksys_write_[k]") || l.contains("__x64_sys_write_[k]")));
        int depth = run.get("agent").get("depth").asInt();
        assertThat(stacks).allMatch(l -> chainFrames(l) <= depth, "cut to their innermost part");

        Path html = Paths.get(p.get("flamegraph").asText());
        assertThat(html).isEqualTo(Paths.get(r.runFile() + ".cpu.html"));
        List<String> frames = flameGraphFrames(Files.readString(html));
        assertThat(frames).contains("java/io/FileOutputStream.write", "do_syscall_64").containsAnyOf("ksys_write", "__x64_sys_write");
        assertNoSitesFile(r, p);
        List<String> collapsed = Files.readAllLines(Paths.get(p.get("collapsed").asText()));
        assertThat(collapsed).isNotEmpty().allMatch(l -> l.matches("^.+ \\d+$")).anyMatch(l -> l.contains("_[k]"));
        assertThat(sampleCounts(collapsed)).isEqualTo(p.get("samples").asLong());
    }

    @Test
    void forcedCtimerRunsWithoutKernelFrames(@TempDir Path tmp) throws Exception {
        ChildJvm.Result r = ChildJvm.run(tmp, "out=@RUN,interval=0,quiet,profile=ctimer,profile_interval=1ms", false, "fos-write1-for-ms", WRITE_MS, tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        JsonNode p = r.run().get("profile");
        assertThat(p.get("requested").asText()).isEqualTo("ctimer");
        assertThat(p.get("engine").asText()).isEqualTo("ctimer");
        assertThat(p.get("kernel_frames").asBoolean()).isFalse();
        assertThat(p.get("fallback_reason").isNull()).isTrue();
        assertThat(p.get("samples").asLong()).isPositive();
        assertNoDerivedFigures(p);
        assertThat(stacks(p)).isNotEmpty().noneMatch(l -> l.contains("_[k]"));
        assertThat(sampleCounts(stacks(p))).isLessThanOrEqualTo(p.get("samples").asLong());
        assertThat(flameGraphFrames(Files.readString(Paths.get(p.get("flamegraph").asText())))).contains("java/io/FileOutputStream.write")
                .noneMatch(f -> f.equals("do_syscall_64"));
    }

    /** strace's fault injection makes every perf_event_open fail, as a high perf_event_paranoid or seccomp would. */
    @Test
    void aRefusedPerfEventOpenFallsBackToCtimerAndSaysWhy(@TempDir Path tmp) throws Exception {
        assumeTrue(ChildJvm.hasStrace(), "strace is not installed");
        List<String> inject = List.of("strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=perf_event_open", "-e", "inject=perf_event_open:error=EACCES");
        ChildJvm.Result r = ChildJvm.run(tmp, inject, List.of(), "out=@RUN,interval=0,quiet,profile_interval=1ms", "fos-write1-for-ms", "8000", tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        JsonNode p = r.run().get("profile");
        assertThat(p.get("requested").asText()).isEqualTo("cpu");
        assertThat(p.get("status").asText()).as("%s", p).isEqualTo("stopped");
        assertThat(p.get("engine").asText()).isEqualTo("ctimer");
        assertThat(p.get("kernel_frames").asBoolean()).isFalse();
        assertThat(p.get("fallback_reason").asText()).startsWith("perf_event_open failed: ").contains("Permission denied").contains("perf_event_paranoid=");
        assertThat(Paths.get(p.get("collapsed").asText())).exists();
        assertThat(p.get("perf_event_paranoid").isInt()).isTrue();
        assertThat(r.agentCalls().get("write")).isPositive();
    }

    @Test
    void profileOffStartsNoProfiler(@TempDir Path tmp) throws Exception {
        assumeTrue(ChildJvm.hasStrace(), "strace is not installed");
        ChildJvm.Result r = ChildJvm.run(tmp, List.of("strace", "-f", "-c", "-o", tmp.resolve("strace.txt").toString()), List.of(),
                "out=@RUN,interval=0,quiet,profile=off", "fos-write1", "20000", tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        JsonNode p = r.run().get("profile");
        assertThat(p.get("status").asText()).isEqualTo("off");
        assertThat(p.get("engine").isNull()).isTrue();
        assertThat(p.get("samples").asLong()).isZero();
        assertThat(stacks(p)).isEmpty();
        assertThat(p.get("flamegraph").isNull()).isTrue();
        assertThat(r.straceCalls()).doesNotContainKeys("perf_event_open", "timer_create", "setitimer");
        assertThat(Paths.get(r.runFile() + ".cpu.html")).doesNotExist();
        assertNoSitesFile(r, p);
        assertThat(r.agentCalls().get("write")).isEqualTo(20000L + 1); // and the workload's closing println
    }

    @Test
    void aMissingNativeLibraryIsOneLineAndCountingGoesOn(@TempDir Path tmp) throws Exception {
        // slow writes (~2 s), as below: 20,000 quick writes once ended (on JDK 25) before the profiler's thread
        // tried the library, and an abandoned start says nothing
        ChildJvm.Result r = ChildJvm.run(tmp, "out=@RUN,interval=0,quiet,profile_lib=" + tmp.resolve("no-such-libasyncProfiler.so"),
                false, "slow-writes", "2000", tmp.resolve("data").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("done slow-writes 2000\n");
        assertThat(r.stderr().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("ringzero: profiler not started: UnsatisfiedLinkError")
                && l.endsWith("; counting goes on"));
        JsonNode p = r.run().get("profile");
        assertThat(p.get("status").asText()).isEqualTo("failed");
        assertThat(p.get("error").asText()).contains("UnsatisfiedLinkError");
        assertThat(r.agentCalls().get("write")).isEqualTo(2000L + 1);
    }

    /** The application runs its own async-profiler (-agentpath): the agent leaves it alone and counts. */
    @Test
    void aSecondAsyncProfilerInTheApplicationIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path lib = tmp.resolve("libasyncProfiler.so");
        try (JarFile jar = new JarFile(ChildJvm.AGENT.toFile()); InputStream in = jar.getInputStream(jar.getEntry("linux-x64/libasyncProfiler.so"))) {
            Files.copy(in, lib);
        }
        Path theirs = tmp.resolve("theirs.html");
        List<String> jvm = new ArrayList<>(List.of("-agentpath:" + lib + "=start,event=ctimer,interval=10ms,file=" + theirs));
        ChildJvm.Result r = ChildJvm.run(tmp, List.of(), jvm, "out=@RUN,interval=0,quiet", "fos-write1-for-ms", "3000", tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr().lines().toList()).hasSize(1)
                .allMatch(l -> l.startsWith("ringzero: profiler not started: another async-profiler is already in this process (") && l.contains(lib.toString()));
        JsonNode p = r.run().get("profile");
        assertThat(p.get("status").asText()).isEqualTo("failed");
        assertThat(r.agentCalls().get("write")).isPositive();
        // the application's profiler kept running and wrote its own output at exit
        assertThat(flameGraphFrames(Files.readString(theirs))).isNotEmpty();
    }

    /**
     * The frame names of an async-profiler flame graph: the {@code cpool} array, each entry prefix-compressed
     * against the previous one (first character = shared prefix length + 32), as the page's own unpack() does.
     */
    static List<String> flameGraphFrames(String html) {
        int from = html.indexOf("const cpool = [");
        int to = html.indexOf("\n];", from);
        assertThat(from).as("a flame graph page").isPositive();
        List<String> frames = new ArrayList<>();
        for (String line : html.substring(from, to).split("\n")) {
            line = line.trim();
            if (!line.startsWith("'") || !line.endsWith("',") && !line.endsWith("'")) continue;
            String e = line.substring(1, line.lastIndexOf('\'')).replace("\\'", "'").replace("\\\\", "\\");
            if (frames.isEmpty()) frames.add(e);
            else frames.add(frames.get(frames.size() - 1).substring(0, e.charAt(0) - 32) + e.substring(1));
        }
        return frames;
    }

    /** The application ships async-profiler's classes ahead of the agent's: using them would take its profiler away. */
    @Test
    void anAsyncProfilerOnTheApplicationsClassPathIsLeftAlone(@TempDir Path tmp) throws Exception {
        // the application's copy: async-profiler's classes and library, taken from the agent jar into a jar of its own
        Path theirs = tmp.resolve("async-profiler-app.jar");
        try (JarFile agent = new JarFile(ChildJvm.AGENT.toFile());
             java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(theirs))) {
            for (java.util.jar.JarEntry e : java.util.Collections.list(agent.entries())) {
                if (e.isDirectory() || !e.getName().startsWith("one/profiler/") && !e.getName().endsWith("libasyncProfiler.so")) continue;
                out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                try (InputStream in = agent.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        List<String> jvm = List.of("-cp", theirs + java.io.File.pathSeparator + ChildJvm.CLASSES);
        // slow writes (~2 s): an application that ends before the profiler's thread got to its check abandons the
        // profiler without a word (a 2000-write run ended first once in CI)
        ChildJvm.Result r = ChildJvm.run(tmp, List.of(), jvm, "out=@RUN,interval=0,quiet", "slow-writes", "2000", tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr().lines().toList()).hasSize(1)
                .allMatch(l -> l.startsWith("ringzero: profiler not started: the application's class path has its own async-profiler (file:")
                        && l.contains(theirs.getFileName().toString()));
        assertThat(r.run().get("profile").get("status").asText()).isEqualTo("failed");
        assertThat(r.agentCalls().get("write")).isEqualTo(2000L + 1);
    }

    /**
     * With the profiler on (the default) the application's counts per operation are exactly those without it, kind
     * by kind: N operations against 2N, like the kernel oracle, so that one-time JDK work (a lazily read file) that
     * either the application's or the profiler's thread may happen to do first cancels out. The profiler's own Java
     * I/O (extracting its library) is the agent's own.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fos-write1", "fc-pread", "files-list", "socket-connect"})
    void profilingLeavesTheAgentsCountsAlone(String op, @TempDir Path tmp) throws Exception {
        Map<String, Long> off = perOperation(tmp.resolve("off"), op, "profile=off");
        Map<String, Long> on = perOperation(tmp.resolve("on"), op, "profile_interval=1ms");
        assertThat(off).isNotEmpty();
        // Within the oracle's tolerance (SyscallOracleIT): the JDK's own stats in its internal code (java.io.File,
        // a few per run, some with no application frame) came out one higher in one run of four.
        List<String> moved = new ArrayList<>();
        for (String kind : SyscallOracleIT.union(on.keySet(), off.keySet())) {
            long a = on.getOrDefault(kind, 0L), b = off.getOrDefault(kind, 0L);
            if (!SyscallOracleIT.agree(a, b)) moved.add(kind + ": on " + a + ", off " + b);
        }
        assertThat(moved).as("per-operation counts with the profiler on against off: on %s, off %s", on, off).isEmpty();
    }

    private static Map<String, Long> perOperation(Path dir, String op, String options) throws Exception {
        List<ChildJvm.Result> runs = new ArrayList<>();
        for (int n : new int[] {2500, 5000}) {
            Path d = dir.resolve(String.valueOf(n));
            ChildJvm.Result r = ChildJvm.run(d, "out=@RUN,interval=0,quiet," + options, false, op, String.valueOf(n), d.resolve("data").toString());
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.stderr()).isEmpty();
            JsonNode p = r.run().get("profile");
            if (p.get("status").asText().equals("stopped")) {
                // extracting the library (587 KB) or checking the kept copy's CRC is the agent's own I/O
                Map<String, Long> own = r.ownCalls();
                assertThat(own.getOrDefault("write", 0L) + own.getOrDefault("read", 0L)).isGreaterThanOrEqualTo(9);
            }
            runs.add(r);
        }
        return SyscallOracleIT.diff(runs.get(0).agentCalls(), runs.get(1).agentCalls());
    }

    /** The run file's innermost stacks: every line in async-profiler's collapsed form. */
    private static List<String> stacks(JsonNode p) {
        assertThat(p.get("stacks").isArray()).as("profile.stacks in %s", p).isTrue();
        List<String> lines = new ArrayList<>();
        for (JsonNode l : p.get("stacks")) lines.add(l.asText());
        assertThat(lines).allMatch(l -> l.matches("^[^;\\n]+(;[^;\\n]+)* \\d+$"), "frame;frame;...;leaf COUNT");
        return lines;
    }

    private static long sampleCounts(List<String> lines) {
        long n = 0;
        for (String l : lines) n += Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
        return n;
    }

    /** The Java frames of a stack that make a call chain (docs/run-file.md): the hooks, method handles and repeats left out. */
    private static int chainFrames(String line) {
        String[] frames = line.substring(0, line.lastIndexOf(' ')).split(";");
        int n = 0;
        String last = null;
        for (int i = frames.length - 1; i >= 0; i--) {
            if (!frames[i].matches(".*_\\[[ji01]\\]$")) continue;
            String f = frames[i].substring(0, frames[i].length() - 4).replace('/', '.');
            if (f.startsWith("io.ringzero.agent.hook.") || f.startsWith("io.ringzero.agent.count.") || f.startsWith("java.lang.invoke.LambdaForm$") || f.startsWith("java.lang.invoke.Invokers$")
                    || f.equals(last)) continue;
            n++;
            last = f;
        }
        return n;
    }

    /** What the samples mean is the reader's to work out from the stacks (ringzero.run/2). */
    private static void assertNoDerivedFigures(JsonNode p) {
        for (String f : List.of("kernel_samples", "kernel_share", "syscall_samples", "entry_exit_samples", "entry_exit_share_of_kernel",
                "wrapper_samples", "entry_exit_share_of_kernel_high", "exit_work_samples", "body_samples", "other_kernel_samples", "by_syscall")) {
            assertThat(p.has(f)).as(f).isFalse();
        }
    }

    /** The call-site flame graph is the CLI's, from the run file's sites: the agent writes no file for it. */
    private static void assertNoSitesFile(ChildJvm.Result r, JsonNode p) {
        assertThat(p.has("sites_collapsed")).isFalse();
        assertThat(Paths.get(r.runFile() + ".sites.collapsed")).doesNotExist();
    }
}
