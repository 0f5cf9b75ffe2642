package io.ringzero.report.oracle;

import io.ringzero.report.run.Run;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OracleParsersTest {

    @Test
    void perfCountersInEventOrder() throws IOException {
        List<String> lines = new ArrayList<>(List.of("# started on Thu Nov 26 19:25:29 2026", "",
                "1400,,raw_syscalls:sys_enter,152276861,100.00,,"));
        List<Integer> ids = List.of(0, 1, 202, 999);
        lines.add("53,,raw_syscalls:sys_enter,152276861,100.00,,");
        lines.add("1046,,raw_syscalls:sys_enter,152276861,100.00,,");
        lines.add("178,,raw_syscalls:sys_enter,152276861,100.00,,");
        lines.add("<not counted>,,raw_syscalls:sys_enter,0,100.00,,");
        Run.KernelOracle o = PerfOracle.parse(lines, ids);
        assertThat(o.tool()).isEqualTo("perf");
        assertThat(o.total()).isEqualTo(1400);
        assertThat(o.syscalls()).containsEntry("read", 53L).containsEntry("write", 1046L).containsEntry("futex", 178L)
                .containsEntry("(unknown number)", 1400L - 53 - 1046 - 178).doesNotContainKey("syscall_999");
        assertThatThrownBy(() -> PerfOracle.parse(lines.subList(0, 4), ids)).hasMessageContaining("expected 5");
    }

    @Test
    void perfWrapsTheCommandWithOneFilterPerSyscall() {
        List<String> cmd = new PerfOracle().wrap(List.of("java", "-version"), Path.of("out.txt"));
        assertThat(cmd).startsWith("perf", "stat", "-x", ",", "-o", "out.txt", "-e", "raw_syscalls:sys_enter");
        assertThat(cmd).endsWith("--", "java", "-version").contains("id == 0", "id == 202");
        assertThat(cmd.stream().filter("--filter"::equals).count()).isEqualTo(SyscallTable.x86_64().size());
    }

    @Test
    void syscallTableNamesAsStraceDoes() {
        assertThat(SyscallTable.x86_64()).containsEntry(0, "read").containsEntry(5, "fstat").containsEntry(17, "pread64")
                .containsEntry(202, "futex").containsEntry(232, "epoll_wait").containsEntry(257, "openat")
                .containsEntry(262, "newfstatat").containsEntry(332, "statx").containsEntry(435, "clone3");
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
}
