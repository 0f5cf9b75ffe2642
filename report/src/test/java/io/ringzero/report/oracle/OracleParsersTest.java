package io.ringzero.report.oracle;

import io.ringzero.report.runfile.Run;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OracleParsersTest {

    @Test
    void perfCountersByTracepoint() throws IOException {
        List<String> lines = List.of("# started on Thu Nov 26 19:25:29 2026", "",
                "1400,,raw_syscalls:sys_enter,152276861,100.00,,",
                "53,,syscalls:sys_enter_read,152276861,100.00,,",
                "1046,,syscalls:sys_enter_write,152276861,100.00,,",
                "178,,syscalls:sys_enter_futex,152276861,100.00,,",
                "12,,syscalls:sys_enter_newfstat,152276861,100.00,,",
                "0,,syscalls:sys_enter_iopl,152276861,100.00,,",
                "<not counted>,,syscalls:sys_enter_kexec_load,0,100.00,,");
        Run.KernelOracle o = PerfOracle.parse(lines);
        assertThat(o.tool()).isEqualTo("perf");
        assertThat(o.total()).isEqualTo(1400);
        assertThat(o.syscalls()).containsEntry("read", 53L).containsEntry("write", 1046L).containsEntry("futex", 178L)
                .containsEntry("fstat", 12L) // as strace and the agent name it
                .containsEntry("(no tracepoint)", 1400L - 53 - 1046 - 178 - 12)
                .doesNotContainKeys("iopl", "kexec_load", "newfstat");
        assertThatThrownBy(() -> PerfOracle.parse(lines.subList(3, 5))).hasMessageContaining("raw_syscalls:sys_enter");
    }

    @Test
    void bpftraceCountsPerThreadAndNamesThreadsAndSyscalls() throws IOException {
        List<String> lines = List.of(
                "{\"type\": \"map\", \"data\": {\"@calls\": {\"101,1\": 1000, \"101,202\": 7, \"102,186\": 30, \"102,999\": 2}}}",
                "{\"type\": \"map\", \"data\": {\"@names\": {\"102\": \"C1 CompilerThre\"}}}",
                "not json: bpftrace's warnings go to stderr, but a stray line must not matter");
        Run.KernelOracle o = BpftraceOracle.parse(lines);
        assertThat(o.tool()).isEqualTo("bpftrace");
        assertThat(o.total()).isEqualTo(1039);
        assertThat(o.syscalls()).containsEntry("write", 1000L).containsEntry("futex", 7L).containsEntry("gettid", 30L)
                .containsEntry("syscall_999", 2L);
        assertThat(o.threads()).extracting(Run.KernelThread::tid, Run.KernelThread::name, Run.KernelThread::calls)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(101L, "(unnamed)", 1007L),
                        org.assertj.core.groups.Tuple.tuple(102L, "C1 CompilerThre", 32L));
        assertThatThrownBy(() -> BpftraceOracle.parse(List.of("{\"type\": \"map\", \"data\": {\"@names\": {}}}")))
                .hasMessageContaining("no @calls map");
    }

    @Test
    void bpftraceStacksKeepTheirAddressesForTheRunFilesMappings() throws IOException {
        // as bpftrace prints the maps: thread, number, the syscall's address and 2 walked frames (5 in @memory, the
        // kinds that map memory), 3 stack words, the probed function and its caller, 0 for a stack kept with every call
        String stacks = "{\"type\": \"map\", \"data\": {\"@ns\": 2500000}}\n{\"type\": \"map\", \"data\": {\"@stacks\": {"
                + "\"101,1,140587116403485,140587105925856,0,140587193410175,140587105925856,0,0,0,0\": 990, "
                + "\"101,1,140587116403485,-128,0,0,0,0,0,0,0\": 5, "
                + "\"101,89,140587116403485,0,0,140587193410175,0,0,140088243615072,140088218410661,0\": 4}, "
                + "\"@memory\": {\"101,9,140587116403485,140587105925856,140587105925857,140587105925858,140587105925859,140587105925860,0,0,0,0,0,0\": 3}}}";
        Run.KernelOracle o = BpftraceOracle.parse(List.of(
                "{\"type\": \"map\", \"data\": {\"@calls\": {\"101,1\": 1000}}}", stacks.split("\n")[0], stacks.split("\n")[1]));
        assertThat(o.tracerS()).isEqualTo(0.0025);
        assertThat(o.stacks()).containsExactly(
                // a word of the stack that may be the wrapper's caller ("?") comes right after the syscall's address; the second
                // address found is the walk's own next frame, kept once
                new Run.KernelStack(101, "write", 990, List.of("0x7fdcfd221b1d", "?0x7fdd01b9227f", "0x7fdcfc823ae0")),
                // a frame pointer into data leads to anything: bpftrace prints a word with the top bit set as negative
                new Run.KernelStack(101, "write", 5, List.of("0x7fdcfd221b1d", "0xffffffffffffff80")),
                // made inside a probed libc function: it and its caller go last ("!"), for StackNames to place
                new Run.KernelStack(101, "readlink", 4, List.of("0x7fdcfd221b1d", "?0x7fdd01b9227f", "!0x7f68d5ff7560", "!0x7f68d47edea5")),
                // mapping memory: five frames walked
                new Run.KernelStack(101, "mmap", 3, List.of("0x7fdcfd221b1d", "0x7fdcfc823ae0", "0x7fdcfc823ae1", "0x7fdcfc823ae2",
                        "0x7fdcfc823ae3", "0x7fdcfc823ae4")));
        assertThatThrownBy(() -> BpftraceOracle.parse(List.of("{\"type\": \"map\", \"data\": {\"@stacks\": {\"101,1,2,3\": 1}}}")))
                .hasMessageContaining("unexpected key \"101,1,2,3\"");
    }

    @Test
    void stackWordsAreKeptWhereverTheKernelMayMapALibrary() {
        // 28 random bits (the usual): libraries from 1 TiB below the top of user space, and as far again below that
        assertThat(BpftraceProgram.librariesFrom(28)).isEqualTo(0x7e0000000000L);
        assertThat(BpftraceProgram.librariesFrom(32)).isEqualTo(0x600000000000L);
        assertThat(BpftraceProgram.WITH_STACKS).contains("$w >= 0x" + Long.toHexString(BpftraceProgram.LIBRARIES_FROM) + " && $w < 0x800000000000");
    }

    @Test
    void stackWordsAreKeptOnlyWhereExecutableMappingsLie() {
        String program = BpftraceProgram.program(null);
        // the granules of every mapping made executable, at the mmap's return or at mprotect
        assertThat(program).contains("sys_exit_mmap", "sys_enter_mprotect /pid == cpid && (args->prot & 4)/", "@code[$g] = 1;");
        // a word is a candidate only in such a granule, and (without uprobes) not within 2 MiB of the syscall's own address
        assertThat(program).contains("@code[$w >> 21]", "($w > $ip + 0x200000 || $w < $ip - 0x200000)").doesNotContain("uprobe");
        // no word is read once the candidates are found
        assertThat(program).contains("if ($c3 == 0) {\n    $w = $s.w[47];");
        // without a frame record in rbp, the walk starts at a saved frame pointer followed by a return address
        assertThat(program).contains("$rec = @code[$fr.ret >> 21] ? $bp : (uint64)0;",
                "if ($w0 > $sp + 8 && $w0 < $sp + 0x100000 && $w1 >= ", "$bp = $rec != 0 ? $rec : $regs->bp;");
        // two frames walked for every call, three more for mmap, mprotect, munmap, mremap and madvise
        assertThat(program).contains("$f2 = $fr.ret;", "if (args->id == 9 || args->id == 10 || args->id == 11 || args->id == 25 || args->id == 28) {\n"
                + "    if ($bp >= $sp - 0x10000 && $bp < $sp + 0x100000) { $fr = *(struct ringzero_frame *)uptr($bp); $f3 = $fr.ret;",
                "$f5 = $fr.ret;", "@memory[tid, args->id, $ip, $f1, $f2, $f3, $f4, $f5, $c1, $c2, $c3, ",
                "} else { @stacks[tid, args->id, $ip, $f1, $f2, $c1, $c2, $c3, ");
    }

    @Test
    void withUprobesLibcIsFoundWhereTheProgramMappedIt() {
        LibcImage libc = LibcImage.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(libc != null, "no uprobes, or no libc.so.6, here");
        assertThat(libc.startMain()).isPositive();
        assertThat(libc.size()).isGreaterThan(libc.startMain());
        String program = BpftraceProgram.program(libc);
        // __libc_start_main's address in the file, less where the probe found it, is where libc is mapped
        assertThat(program).contains("uprobe:" + libc.path() + ":__libc_start_main /pid == cpid/ { @libc = reg(\"ip\") - 0x"
                + Long.toHexString(libc.startMain()) + "; }");
        assertThat(program).contains("$lb = @libc;", "($w < $lb || $w >= $lb + 0x" + Long.toHexString(libc.size()) + ")",
                "uprobe:" + libc.path() + ":realpath").doesNotContain("$ip + 0x200000");
        assertThat(LibcImage.of("/nonexistent/libc.so.6")).isNull();
    }

    @Test
    void bpftraceKeepsEveryStackTillTheyAreNamed() throws IOException {
        StringBuilder map = new StringBuilder("{\"type\": \"map\", \"data\": {\"@stacks\": {");
        for (int i = 0; i <= BpftraceOracle.MAX_STACKS; i++) {
            map.append(i == 0 ? "" : ", ").append("\"101,0,140587116403485,0,0,").append(1000 + i).append(",0,0,0,0,0\": 1");
        }
        Run.KernelOracle o = BpftraceOracle.parse(List.of("{\"type\": \"map\", \"data\": {\"@calls\": {\"101,0\": 5001}}}",
                map.append("}}}").toString()));
        assertThat(o.stacks()).hasSize(BpftraceOracle.MAX_STACKS + 1);
    }

    @Test
    void bpftraceKeepsTheBusiestThreadsAndSumsTheRest() {
        List<Run.KernelThread> many = new java.util.ArrayList<>();
        for (int t = 1; t <= BpftraceOracle.MAX_THREADS + 3; t++) {
            many.add(new Run.KernelThread(t, "pool-" + t, 1, java.util.Map.of("futex", 1L)));
        }
        List<Run.KernelThread> kept = BpftraceOracle.bounded(many);
        assertThat(kept).hasSize(BpftraceOracle.MAX_THREADS + 1);
        assertThat(kept.get(kept.size() - 1)).isEqualTo(new Run.KernelThread(0, "(3 more threads)", 3, java.util.Map.of("futex", 3L)));
    }

    @Test
    void bpftraceRunsTheCommandThroughAQuotingScript() throws IOException {
        List<String> cmd = new BpftraceOracle().wrap(List.of("java", "it's a <file>.txt"), Path.of("out.json"));
        assertThat(cmd.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(cmd.get(2)).startsWith("exec 3>&2; BPFTRACE_MAP_KEYS_MAX=$5 exec bpftrace -q -f json -o \"$1\"");
        assertThat(cmd.get(8)).isEqualTo(BpftraceOracle.MAP_ENTRIES);
        assertThat(new BpftraceOracle(true).jvmOptions()).contains("-XX:+DumpPerfMapAtExit");
        // --no-stacks: the same counts, no stack map, no perf map to write
        List<String> counts = new BpftraceOracle(false).wrap(List.of("java"), Path.of("out.json"));
        assertThat(counts.get(5)).contains("@calls[tid, args->id] = count();", "@names").doesNotContain("ustack");
        assertThat(new BpftraceOracle(false).jvmOptions()).isEmpty();
        assertThat(cmd.get(4)).isEqualTo("out.json");
        assertThat(cmd.get(5)).isEqualTo(BpftraceProgram.WITH_STACKS);
        assertThat(cmd.get(7)).isEqualTo("out.json.err");
        String c = cmd.get(6);
        assertThat(c).startsWith("/bin/sh ").doesNotContain("'");
        assertThat(java.nio.file.Files.readString(Path.of(c.substring("/bin/sh ".length()))))
                .isEqualTo("#!/bin/sh\nexec 2>&3 3>&-\nexec 'java' 'it'\\''s a <file>.txt'\n");
    }

    @Test
    void perfWrapsTheCommand() {
        List<String> cmd = new PerfOracle().wrap(List.of("java", "-version"), Path.of("out.txt"));
        assertThat(cmd).containsExactly("perf", "stat", "-x", ",", "-o", "out.txt", "-e", "raw_syscalls:sys_enter",
                "-e", "syscalls:sys_enter_*", "--", "java", "-version");
    }

    @Test
    void straceSummary() throws IOException {
        List<String> lines = List.of(
                "% time     seconds  usecs/call     calls    errors syscall",
                "------ ----------- ----------- --------- --------- ------------------",
                " 93.33    0.210223        1089       193        21 futex",
                "  1.27    0.002852          11       259           mprotect",
                "  0.62    0.001402          12       113        45 openat",
                "  0.00    0.000000           0         1           getrandom",
                "------ ----------- ----------- --------- --------- ------------------",
                "100.00    0.225235         163       566        66 total");
        Run.KernelOracle o = StraceOracle.parse(lines);
        assertThat(o.tool()).isEqualTo("strace");
        assertThat(o.total()).isEqualTo(566);
        assertThat(o.syscalls()).containsEntry("futex", 193L).containsEntry("mprotect", 259L)
                .containsEntry("openat", 113L).containsEntry("getrandom", 1L).hasSize(4);
        assertThatThrownBy(() -> StraceOracle.parse(lines.subList(0, 3))).hasMessageContaining("total");
    }

    @Test
    void sampledStacksShareTheCallsBeyondTheExactOnesInProportion() throws IOException {
        long beyond = 160, exact = BpftraceProgram.EXACT_STACKS;
        String out = "{\"type\": \"map\", \"data\": {\"@calls\": {\"101,1\": " + (exact + beyond) + ", \"102,1\": 10}}}\n"
                + "{\"type\": \"map\", \"data\": {\"@stacks\": {"
                + "\"101,1,140587116403485,0,0,140587193410175,0,0,0,0,0\": " + exact + ", "
                // beyond the first calls, 7 samples of the same stack and 3 of another
                + "\"101,1,140587116403485,0,0,140587193410175,0,0,0,0,1\": 7, "
                + "\"101,1,140587116403486,0,0,0,0,0,0,0,1\": 3, "
                + "\"102,1,140587116403485,0,0,0,0,0,0,0,0\": 10}}}";
        Run.KernelOracle o = BpftraceOracle.parse(List.of(out.split("\n")));
        assertThat(o.stacks()).containsExactlyInAnyOrder(
                new Run.KernelStack(101, "write", exact, List.of("0x7fdcfd221b1d", "?0x7fdd01b9227f")),
                new Run.KernelStack(101, "write", 112, List.of("0x7fdcfd221b1d", "?0x7fdd01b9227f")),
                new Run.KernelStack(101, "write", 48, List.of("0x7fdcfd221b1e")),
                new Run.KernelStack(102, "write", 10, List.of("0x7fdcfd221b1d")));
        // the shares add up to the exact count, remainders to the largest fractions
        assertThat(BpftraceOracle.scaled(List.of(new Run.KernelStack(1, "read", 1, List.of("a")), new Run.KernelStack(1, "read", 2, List.of("b"))),
                java.util.Map.of(1L, java.util.Map.of("read", exact + 10))))
                .containsExactly(new Run.KernelStack(1, "read", 3, List.of("a")), new Run.KernelStack(1, "read", 7, List.of("b")));
    }
}
