package io.ringzero.report.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelShareTest {
    private static final String APP = "java/lang/Thread.run_[j];com/example/Writer.run_[j];java/io/FileOutputStream.write_[i];"
            + "io/ringzero/agent/hook/FileStreamHooks.write_[j];java/lang/invoke/LambdaForm$DMH.0x0000000801001000.invokeSpecial_[j];"
            + "java/io/FileOutputStream.write_[j];writeSingle;__GI_write;";
    private static final String ENTRY = "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];";

    static final String PROFILE = String.join("\n",
            APP + ENTRY + "ksys_write_[k];vfs_write_[k];ext4_buffered_write_iter_[k] 50",
            APP + ENTRY + "ksys_write_[k];vfs_write_[k];__x86_indirect_thunk_rax_[k] 10", // a thunk inside a body is the body's
            APP + ENTRY + "__x64_sys_write_[k] 5",
            APP + ENTRY + "x64_sys_call_[k];__x64_sys_pwrite64_[k];ksys_pwrite64_[k];vfs_write_[k] 4",
            APP + "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 12", // entry/exit self time
            APP + ENTRY + "syscall_exit_to_user_mode_[k] 3",
            APP + "entry_SYSCALL_64_after_hwframe_[k];clear_bhb_loop_[k] 1",
            APP + ENTRY + "exit_to_user_mode_loop_[k];schedule_[k];__schedule_[k];finish_task_switch.isra.0_[k] 7", // exit work
            "start_thread;GCTaskThread::run;asm_exc_page_fault_[k];exc_page_fault_[k];handle_mm_fault_[k] 6", // not a syscall
            "start_thread;thread_native_entry;Monitor::wait;__futex_abstimed_wait_common;" + ENTRY + "__x64_sys_futex_[k];do_futex_[k] 2",
            APP + "com/example/Writer.compute_[j] 92",
            APP.substring(0, APP.length() - 1) + " 8", // on the libc wrapper: exit-path time surfacing after sysret
            "garbage line without a count",
            "");

    /** Hook, method-handle and re-entered frames between the application and the syscall, as an instrumented write has. */
    private static final String AGENT_APP = "java/lang/Thread.run_[j];com/example/Main.main_[j];com/example/Writer.run_[j];"
            + "java/io/FileOutputStream.write_[i];io/ringzero/agent/hook/FileStreamHooks.write_[j];"
            + "java/lang/invoke/LambdaForm$DMH.0x0000000801001000.invokeSpecial_[j];java/io/FileOutputStream.write_[j];"
            + "writeSingle;__GI_write;";
    private static final String AGENT_ENTRY = "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];";
    /** AGENT_APP from the write down: what depth 2 keeps below com.example.Writer.run. */
    private static final String AGENT_WRITE = "java/io/FileOutputStream.write_[i];io/ringzero/agent/hook/FileStreamHooks.write_[j];"
            + "java/lang/invoke/LambdaForm$DMH.0x0000000801001000.invokeSpecial_[j];java/io/FileOutputStream.write_[j];"
            + "writeSingle;__GI_write;";

    /** The agent's InnermostStacksTest checks that it cuts this profile to AGENT_CUT_2 at depth 2. */
    static final String AGENT_PROFILE = String.join("\n",
            AGENT_APP + AGENT_ENTRY + "ksys_write_[k];vfs_write_[k];ext4_buffered_write_iter_[k] 50",
            AGENT_APP + AGENT_ENTRY + "ksys_write_[k];vfs_write_[k];__x86_indirect_thunk_rax_[k] 10",
            AGENT_APP + AGENT_ENTRY + "__x64_sys_write_[k] 5",
            AGENT_APP + AGENT_ENTRY + "x64_sys_call_[k];__x64_sys_pwrite64_[k];ksys_pwrite64_[k];vfs_write_[k] 4",
            AGENT_APP + "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 12",
            AGENT_APP + AGENT_ENTRY + "syscall_exit_to_user_mode_[k] 3",
            AGENT_APP + "entry_SYSCALL_64_after_hwframe_[k];clear_bhb_loop_[k] 1",
            AGENT_APP + AGENT_ENTRY + "exit_to_user_mode_loop_[k];schedule_[k];__schedule_[k];finish_task_switch.isra.0_[k] 7",
            "start_thread;GCTaskThread::run;asm_exc_page_fault_[k];exc_page_fault_[k];handle_mm_fault_[k] 6",
            "start_thread;thread_native_entry;Monitor::wait;__futex_abstimed_wait_common;" + AGENT_ENTRY + "__x64_sys_futex_[k];do_futex_[k] 2",
            "java/lang/Thread.run_[j];com/example/Main.main_[j];com/example/Writer.run_[j];com/example/Writer.compute_[j] 92",
            "java/lang/Thread.run_[j];com/example/Other.run_[j];" + AGENT_APP.substring(AGENT_APP.indexOf("com/example/Writer.run")) + AGENT_ENTRY + "__x64_sys_write_[k] 3",
            AGENT_APP.substring(0, AGENT_APP.length() - 1) + " 8",
            "garbage line without a count",
            "");

    /** What the agent writes for AGENT_PROFILE at depth 2: two chain frames, the hooks and the re-entered write not counted. */
    static final List<String> AGENT_CUT_2 = List.of(
            "com/example/Writer.run_[j];com/example/Writer.compute_[j] 92",
            "com/example/Writer.run_[j];" + AGENT_WRITE + AGENT_ENTRY + "ksys_write_[k];vfs_write_[k];ext4_buffered_write_iter_[k] 50",
            "com/example/Writer.run_[j];" + AGENT_WRITE + "entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 12",
            "com/example/Writer.run_[j];" + AGENT_WRITE + AGENT_ENTRY + "ksys_write_[k];vfs_write_[k];__x86_indirect_thunk_rax_[k] 10",
            "com/example/Writer.run_[j];" + AGENT_WRITE.substring(0, AGENT_WRITE.length() - 1) + " 8",
            "com/example/Writer.run_[j];" + AGENT_WRITE + AGENT_ENTRY + "__x64_sys_write_[k] 8",
            "com/example/Writer.run_[j];" + AGENT_WRITE + AGENT_ENTRY + "exit_to_user_mode_loop_[k];schedule_[k];__schedule_[k];finish_task_switch.isra.0_[k] 7",
            "start_thread;GCTaskThread::run;asm_exc_page_fault_[k];exc_page_fault_[k];handle_mm_fault_[k] 6",
            "com/example/Writer.run_[j];" + AGENT_WRITE + AGENT_ENTRY + "x64_sys_call_[k];__x64_sys_pwrite64_[k];ksys_pwrite64_[k];vfs_write_[k] 4",
            "com/example/Writer.run_[j];" + AGENT_WRITE + AGENT_ENTRY + "syscall_exit_to_user_mode_[k] 3",
            "start_thread;thread_native_entry;Monitor::wait;__futex_abstimed_wait_common;" + AGENT_ENTRY + "__x64_sys_futex_[k];do_futex_[k] 2",
            "com/example/Writer.run_[j];" + AGENT_WRITE + "entry_SYSCALL_64_after_hwframe_[k];clear_bhb_loop_[k] 1");


    /** The run file's stacks, cut by the agent, give exactly the figures of every sample. */
    @Test
    void theAgentsCutStacksGiveTheFiguresOfTheWholeProfile() {
        KernelFigures whole = KernelShare.of(CollapsedStacks.parse(AGENT_PROFILE), 2).figures(true);
        KernelFigures cut = KernelShare.figures(AGENT_CUT_2, 2, true);
        assertThat(cut).isEqualTo(whole);
        assertThat(cut.samples()).isEqualTo(203);
        assertThat(cut.wrapperSamples()).isEqualTo(8);
        assertThat(cut.bySyscall().get(0).chains()).containsExactly(
                new KernelFigures.Chain(68, List.of("java.io.FileOutputStream.write", "com.example.Writer.run")));
    }

    @Test
    void onAParavirtualGuestEntryTimeSurfacesInTheIrqEnableHelper() {
        // stacks as async-profiler recorded them on a PVM guest: the timer fires when do_syscall_64 turns
        // interrupts on through the hypervisor's helper; an interrupt's own irq enable is not a syscall's
        List<String> pvm = List.of(
                "Writes.main_[j];__GI_write;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];"
                        + "__raw_callee_save_pvm_irq_enable_[k];pvm_irq_enable_[k] 14",
                "Writes.main_[j];__GI_write;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];ksys_write_[k];"
                        + "__raw_callee_save_pvm_irq_enable_[k];pvm_irq_enable_[k] 3",
                "Writes.main_[j];asm_sysvec_reschedule_ipi_[k];irqentry_exit_to_user_mode_[k];"
                        + "__raw_callee_save_pvm_irq_enable_[k];pvm_irq_enable_[k] 2");
        KernelFigures k = KernelShare.figures(pvm, 8, true);
        assertThat(k.kernelSamples()).isEqualTo(19L);
        assertThat(k.entryExitSamples()).isEqualTo(14L);
        assertThat(k.bodySamples()).isEqualTo(3L);
        assertThat(k.otherKernelSamples()).isEqualTo(2L);
    }

    @Test
    void classifiesKernelSamples() {
        CollapsedStacks stacks = CollapsedStacks.parse(PROFILE);
        assertThat(stacks.samples()).isEqualTo(200);
        Map<String, Object> m = KernelShare.of(stacks, 8).figures(true).toMap();
        assertThat(m.get("samples")).isEqualTo(200L);
        assertThat(m.get("kernel_samples")).isEqualTo(100L);
        assertThat(m.get("kernel_share")).isEqualTo(0.5);
        assertThat(m.get("syscall_samples")).isEqualTo(94L);
        assertThat(m.get("entry_exit_samples")).isEqualTo(16L);
        assertThat(m.get("entry_exit_share_of_kernel")).isEqualTo(0.16);
        assertThat(m.get("exit_work_samples")).isEqualTo(7L);
        assertThat(m.get("wrapper_samples")).isEqualTo(8L);
        assertThat(m.get("entry_exit_share_of_kernel_high")).isEqualTo(0.222222); // (16 + 8) / (100 + 8)
        assertThat(m.get("body_samples")).isEqualTo(71L);
        assertThat(m.get("other_kernel_samples")).isEqualTo(6L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesSyscallBodiesAndTheirJavaChains() {
        List<Map<String, Object>> by = (List<Map<String, Object>>) KernelShare.of(CollapsedStacks.parse(PROFILE), 8).figures(true).toMap().get("by_syscall");
        assertThat(by).extracting(r -> r.get("name")).containsExactly("write", "pwrite64", "futex");
        Map<String, Object> write = by.get(0);
        assertThat(write.get("samples")).isEqualTo(65L);
        assertThat(write.get("share_of_kernel")).isEqualTo(0.65);
        List<Map<String, Object>> chains = (List<Map<String, Object>>) write.get("chains");
        assertThat(chains).hasSize(1);
        assertThat(chains.get(0).get("samples")).isEqualTo(65L);
        // the hook and method-handle frames are dropped, and the re-entered JDK method appears once
        assertThat((List<String>) chains.get(0).get("frames"))
                .containsExactly("java.io.FileOutputStream.write", "com.example.Writer.run", "java.lang.Thread.run");
        Map<String, Object> futex = by.get(2);
        assertThat((List<Map<String, Object>>) futex.get("chains")).first().extracting(c -> c.get("frames")).isEqualTo(List.of());
    }

    @Test
    void chainsKeepAtMostDepthFrames() {
        Map<String, Object> m = KernelShare.of(CollapsedStacks.parse(PROFILE), 1).figures(true).toMap();
        assertThat(m.toString()).contains("frames=[java.io.FileOutputStream.write]");
    }

    @Test
    void withoutKernelFramesTheKernelFiguresAreUnknownNotZero() {
        Map<String, Object> m = KernelShare.of(CollapsedStacks.parse("a_[j];b_[j] 5\n"), 8).figures(false).toMap();
        assertThat(m.get("samples")).isEqualTo(5L);
        assertThat(m.get("kernel_share")).isNull();
        assertThat(m.get("entry_exit_share_of_kernel")).isNull();
        assertThat(m.get("by_syscall")).isEqualTo(List.of());
    }

    @Test
    void noSamplesGiveNullShares() {
        Map<String, Object> m = KernelShare.of(CollapsedStacks.parse(""), 8).figures(true).toMap();
        assertThat(m.get("samples")).isEqualTo(0L);
        assertThat(m.get("kernel_share")).isNull();
    }

    @Test
    void frameNames() {
        assertThat(CollapsedStacks.name("java/io/FileOutputStream.write_[j]")).isEqualTo("java.io.FileOutputStream.write");
        assertThat(CollapsedStacks.name("ksys_write_[k]")).isEqualTo("ksys_write");
        assertThat(CollapsedStacks.name("__GI_write")).isEqualTo("__GI_write");
        assertThat(CollapsedStacks.isJava("Foo.bar_[0]")).isTrue();
        assertThat(CollapsedStacks.isKernel("Foo.bar_[0]")).isFalse();
    }

    /** The plain-code name tests agree with the regular expressions they replaced (kept here as the specification). */
    @Test
    void nameTestsAgreeWithTheRegularExpressions() {
        java.util.regex.Pattern body = java.util.regex.Pattern.compile("^(?:__x64_sys_|__ia32_sys_|__do_sys_|__se_sys_|ksys_)(\\w+)$");
        java.util.regex.Pattern entryExit = java.util.regex.Pattern.compile(
                "^(?:entry_SYSCALL_64\\w*|do_syscall_64|x64_sys_call|syscall_enter_from_user_mode\\w*|syscall_exit_to_user_mode\\w*"
                        + "|exit_to_user_mode(?!_loop)\\w*|syscall_exit_work|arch_exit_to_user_mode\\w*|__x86_indirect_thunk\\w*"
                        + "|__x86_return_thunk|\\w*retpoline\\w*|clear_bhb_loop\\w*|entry_IBPB|srso_\\w*|__x86_indirect_call_thunk\\w*"
                        + "|entry_untrain_ret|write_ibpb|fpregs_restore_userregs|switch_fpu_return|restore_fpregs_from_fpstate)$");
        java.util.regex.Pattern entry = java.util.regex.Pattern.compile("^(?:entry_SYSCALL_64\\w*|do_syscall_64|entry_SYSENTER\\w*|entry_INT80\\w*)$");
        String[] names = {"__x64_sys_write", "__x64_sys_", "__ia32_sys_read", "__do_sys_openat", "__se_sys_x", "ksys_pwrite64", "ksys_",
                "ksys_write.cold", "__x64_sys_futex2", "x__x64_sys_write", "entry_SYSCALL_64", "entry_SYSCALL_64_after_hwframe",
                "entry_SYSCALL_64_safe_stack", "entry_SYSCALL_64.x", "do_syscall_64", "do_syscall_64x", "x64_sys_call", "x64_sys_call_x",
                "syscall_enter_from_user_mode", "syscall_enter_from_user_mode_prepare", "syscall_exit_to_user_mode",
                "syscall_exit_to_user_mode_prepare", "exit_to_user_mode", "exit_to_user_mode_prepare", "exit_to_user_mode_loop",
                "exit_to_user_mode_loopy", "exit_to_user_mode_lo", "syscall_exit_work", "arch_exit_to_user_mode_prepare",
                "__x86_indirect_thunk_rax", "__x86_indirect_thunk", "__x86_return_thunk", "__x86_return_thunk_x", "retpoline",
                "__x86_retpoline_rax", "a.retpoline", "clear_bhb_loop", "clear_bhb_loop_nofence", "entry_IBPB", "srso_", "srso_return_thunk",
                "srso_alias_safe_ret", "__x86_indirect_call_thunk_r11", "entry_untrain_ret", "write_ibpb", "fpregs_restore_userregs",
                "switch_fpu_return", "restore_fpregs_from_fpstate", "entry_SYSENTER_compat", "entry_INT80_compat", "entry_INT80",
                "entry_SYSENTER", "vfs_write", "schedule", "", "_", "finish_task_switch.isra.0", "asm_exc_page_fault"};
        for (String n : names) {
            java.util.regex.Matcher m = body.matcher(n);
            assertThat(KernelShare.bodyName(n)).as(n).isEqualTo(m.matches() ? m.group(1) : null);
            assertThat(KernelShare.isEntryExit(n)).as(n).isEqualTo(entryExit.matcher(n).matches());
            assertThat(KernelShare.isSyscallEntry(n)).as(n).isEqualTo(entry.matcher(n).matches());
        }
    }
}
