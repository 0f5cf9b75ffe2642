package io.ringzero.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InnermostStacksTest {
    /** Hook, method-handle and re-entered frames between the application and the syscall, as an instrumented write has. */
    private static final String APP = "java/lang/Thread.run_[j];com/example/Main.main_[j];com/example/Writer.run_[j];"
            + "java/io/FileOutputStream.write_[i];io/ringzero/agent/hook/FileStreamHooks.write_[j];"
            + "java/lang/invoke/LambdaForm$DMH.0x0000000801001000.invokeSpecial_[j];java/io/FileOutputStream.write_[j];"
            + "writeSingle;__GI_write;";
    private static final String ENTRY = "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];";
    /** APP from the write down: what depth 2 keeps below com.example.Writer.run. */
    private static final String WRITE = "java/io/FileOutputStream.write_[i];io/ringzero/agent/hook/FileStreamHooks.write_[j];"
            + "java/lang/invoke/LambdaForm$DMH.0x0000000801001000.invokeSpecial_[j];java/io/FileOutputStream.write_[j];"
            + "writeSingle;__GI_write;";

    /** The report's KernelShareTest has this profile and CUT_2 too: it checks that both give the same figures. */
    static final String PROFILE = String.join("\n",
            APP + ENTRY + "ksys_write_[k];vfs_write_[k];ext4_buffered_write_iter_[k] 50",
            APP + ENTRY + "ksys_write_[k];vfs_write_[k];__x86_indirect_thunk_rax_[k] 10",
            APP + ENTRY + "__x64_sys_write_[k] 5",
            APP + ENTRY + "x64_sys_call_[k];__x64_sys_pwrite64_[k];ksys_pwrite64_[k];vfs_write_[k] 4",
            APP + "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 12",
            APP + ENTRY + "syscall_exit_to_user_mode_[k] 3",
            APP + "entry_SYSCALL_64_after_hwframe_[k];clear_bhb_loop_[k] 1",
            APP + ENTRY + "exit_to_user_mode_loop_[k];schedule_[k];__schedule_[k];finish_task_switch.isra.0_[k] 7",
            "start_thread;GCTaskThread::run;asm_exc_page_fault_[k];exc_page_fault_[k];handle_mm_fault_[k] 6",
            "start_thread;thread_native_entry;Monitor::wait;__futex_abstimed_wait_common;" + ENTRY + "__x64_sys_futex_[k];do_futex_[k] 2",
            "java/lang/Thread.run_[j];com/example/Main.main_[j];com/example/Writer.run_[j];com/example/Writer.compute_[j] 92",
            "java/lang/Thread.run_[j];com/example/Other.run_[j];" + APP.substring(APP.indexOf("com/example/Writer.run")) + ENTRY + "__x64_sys_write_[k] 3",
            APP.substring(0, APP.length() - 1) + " 8",
            "garbage line without a count",
            "");

    /** What the agent writes for PROFILE at depth 2: two chain frames, the hooks and the re-entered write not counted. */
    static final List<String> CUT_2 = List.of(
            "com/example/Writer.run_[j];com/example/Writer.compute_[j] 92",
            "com/example/Writer.run_[j];" + WRITE + ENTRY + "ksys_write_[k];vfs_write_[k];ext4_buffered_write_iter_[k] 50",
            "com/example/Writer.run_[j];" + WRITE + "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 12",
            "com/example/Writer.run_[j];" + WRITE + ENTRY + "ksys_write_[k];vfs_write_[k];__x86_indirect_thunk_rax_[k] 10",
            "com/example/Writer.run_[j];" + WRITE.substring(0, WRITE.length() - 1) + " 8",
            "com/example/Writer.run_[j];" + WRITE + ENTRY + "__x64_sys_write_[k] 8",
            "com/example/Writer.run_[j];" + WRITE + ENTRY + "exit_to_user_mode_loop_[k];schedule_[k];__schedule_[k];finish_task_switch.isra.0_[k] 7",
            "start_thread;GCTaskThread::run;asm_exc_page_fault_[k];exc_page_fault_[k];handle_mm_fault_[k] 6",
            "com/example/Writer.run_[j];" + WRITE + ENTRY + "x64_sys_call_[k];__x64_sys_pwrite64_[k];ksys_pwrite64_[k];vfs_write_[k] 4",
            "com/example/Writer.run_[j];" + WRITE + ENTRY + "syscall_exit_to_user_mode_[k] 3",
            "start_thread;thread_native_entry;Monitor::wait;__futex_abstimed_wait_common;" + ENTRY + "__x64_sys_futex_[k];do_futex_[k] 2",
            "com/example/Writer.run_[j];" + WRITE + "entry_SYSCALL_64_after_hwframe_[k];clear_bhb_loop_[k] 1");

    @Test
    void cutsToTheChainMergesAndSortsByCount() {
        assertThat(InnermostStacks.of(CollapsedStacks.parse(PROFILE), 2)).containsExactlyElementsOf(CUT_2);
    }

    @Test
    void aChainShorterThanTheDepthKeepsTheWholeStack() {
        String line = "java/lang/Thread.run_[j];com/example/A.run_[j];java/io/FileOutputStream.write_[j];__GI_write;"
                + "entry_SYSCALL_64_[k] 3";
        assertThat(InnermostStacks.of(CollapsedStacks.parse(line), 8)).containsExactly(line);
    }

    @Test
    void atDepthZeroTheFrameAboveTheKernelStaysForTheWrapper() {
        assertThat(InnermostStacks.of(CollapsedStacks.parse("a_[j];b_[j];__GI_write;entry_SYSCALL_64_[k];ksys_write_[k] 2\na_[j];b_[j] 1"), 0))
                .containsExactly("__GI_write;entry_SYSCALL_64_[k];ksys_write_[k] 2", "b_[j] 1");
    }

    @Test
    void equalCountsAreSortedByText() {
        assertThat(InnermostStacks.of(CollapsedStacks.parse("x_[j];b 1\ny_[j];a 1\nw_[j];y_[j];a 4\nc_[j];a 1"), 1))
                .containsExactly("y_[j];a 5", "c_[j];a 1", "x_[j];b 1");
    }

    @Test
    void frameKinds() {
        assertThat(CollapsedStacks.isJava("Foo.bar_[0]")).isTrue();
        assertThat(CollapsedStacks.isJava("__GI_write")).isFalse();
        assertThat(CollapsedStacks.isKernel("ksys_write_[k]")).isTrue();
        assertThat(CollapsedStacks.isKernel("Foo.bar_[0]")).isFalse();
    }
}
