package io.ringzero.agent.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the kernel samples of a CPU profile went: syscall entry/exit code, the body of each syscall kind, work
 * done on the way back to user mode, or elsewhere (interrupts, page faults). The entry/exit share is what ring 0
 * could remove; the bodies stay whatever ring the caller runs in.
 *
 * <p>A sample belongs to a syscall body when any frame under the entry is a syscall function
 * ({@code __x64_sys_NAME}, {@code __do_sys_NAME}, {@code __se_sys_NAME}, {@code ksys_NAME}): thunks and helpers
 * called from a body are the body's cost. Only when no body frame is on the stack does a leaf in entry/exit or
 * mitigation code count as entry/exit.
 *
 * <p>perf's cpu-clock is a software event driven by a timer interrupt: it cannot fire while interrupts are off,
 * which is where the syscall entry starts and the exit ends. Entry time surfaces at the first point with
 * interrupts on (do_syscall_64, counted as entry/exit); exit time surfaces after the return to user mode, on the
 * libc wrapper's instruction after {@code syscall}. Those wrapper samples are counted apart ({@code wrapper}) and
 * give the high end of the entry/exit share.
 */
public final class KernelShare {
    static final int TOP_CHAINS = 5;

    private static final Pattern BODY = Pattern.compile("^(?:__x64_sys_|__ia32_sys_|__do_sys_|__se_sys_|ksys_)(\\w+)$");
    private static final Pattern ENTRY_EXIT = Pattern.compile(
            "^(?:entry_SYSCALL_64\\w*|do_syscall_64|x64_sys_call|syscall_enter_from_user_mode\\w*|syscall_exit_to_user_mode\\w*"
                    + "|exit_to_user_mode(?!_loop)\\w*|syscall_exit_work|arch_exit_to_user_mode\\w*|__x86_indirect_thunk\\w*"
                    + "|__x86_return_thunk|\\w*retpoline\\w*|clear_bhb_loop\\w*|entry_IBPB|srso_\\w*|__x86_indirect_call_thunk\\w*"
                    + "|entry_untrain_ret|write_ibpb|fpregs_restore_userregs|switch_fpu_return|restore_fpregs_from_fpstate)$");
    private static final Pattern SYSCALL_ENTRY = Pattern.compile("^(?:entry_SYSCALL_64\\w*|do_syscall_64|entry_SYSENTER\\w*|entry_INT80\\w*)$");
    /** Work the kernel does on the way out that is not the crossing itself: signals, rescheduling, task work. */
    private static final Pattern EXIT_WORK = Pattern.compile("^(?:exit_to_user_mode_loop|arch_do_signal_or_restart|resume_user_mode_work|task_work_run)$");
    /** Kernel helper names that are not the syscall's own name. */
    private static final Map<String, String> ALIASES = Map.of("mmap_pgoff", "mmap", "fadvise64_64", "fadvise64", "sync_file_range", "sync_file_range");

    long samples, kernel, syscall, entryExit, exitWork, wrapper;
    final java.util.Set<String> wrappers = new java.util.HashSet<>();
    final Map<String, long[]> bodies = new HashMap<>();
    final Map<String, Map<List<String>, long[]>> chains = new HashMap<>();

    /** Classifies every stack; {@code depth} Java frames (innermost first) are kept per call chain. */
    public static KernelShare of(CollapsedStacks stacks, int depth) {
        KernelShare k = new KernelShare();
        for (CollapsedStacks.Stack s : stacks.stacks()) k.findWrapper(s);
        for (CollapsedStacks.Stack s : stacks.stacks()) k.add(s, depth);
        return k;
    }

    /** A user-space frame that calls straight into the syscall entry somewhere in this profile: a libc syscall wrapper. */
    private void findWrapper(CollapsedStacks.Stack s) {
        for (int i = 1; i < s.frames.length; i++) {
            if (!CollapsedStacks.isKernel(s.frames[i - 1]) && CollapsedStacks.isKernel(s.frames[i])
                    && SYSCALL_ENTRY.matcher(CollapsedStacks.name(s.frames[i])).matches()) {
                wrappers.add(s.frames[i - 1]);
                return;
            }
        }
    }

    private void add(CollapsedStacks.Stack s, int depth) {
        samples += s.samples;
        if (wrappers.contains(s.leaf())) wrapper += s.samples;
        if (!CollapsedStacks.isKernel(s.leaf())) return;
        kernel += s.samples;
        boolean inSyscall = false, onExit = false;
        String body = null;
        for (String f : s.frames) {
            if (!CollapsedStacks.isKernel(f)) continue;
            String name = CollapsedStacks.name(f);
            if (SYSCALL_ENTRY.matcher(name).matches()) inSyscall = true;
            if (EXIT_WORK.matcher(name).matches()) onExit = true;
            if (body == null && !onExit) {
                Matcher m = BODY.matcher(name);
                if (m.matches()) body = ALIASES.getOrDefault(m.group(1), m.group(1));
            }
        }
        if (inSyscall) syscall += s.samples;
        String leaf = CollapsedStacks.name(s.leaf());
        if (body != null) {
            bodies.computeIfAbsent(body, b -> new long[1])[0] += s.samples;
            chains.computeIfAbsent(body, b -> new HashMap<>()).computeIfAbsent(javaChain(s, depth), c -> new long[1])[0] += s.samples;
        } else if (onExit) {
            exitWork += s.samples;
        } else if (ENTRY_EXIT.matcher(leaf).matches()) {
            entryExit += s.samples;
        }
    }

    /**
     * The Java frames nearest the kernel, innermost first, like the run file's call sites. The agent's hooks and
     * the method-handle frames that reach them are left out: they sit in every instrumented call, and their
     * hidden-class names change from run to run.
     */
    static List<String> javaChain(CollapsedStacks.Stack s, int depth) {
        List<String> chain = new ArrayList<>();
        for (int i = s.frames.length - 1; i >= 0 && chain.size() < depth; i--) {
            if (!CollapsedStacks.isJava(s.frames[i])) continue;
            String f = CollapsedStacks.name(s.frames[i]);
            if (f.startsWith("io.ringzero.agent.hook.") || f.startsWith("io.ringzero.agent.count.") || f.startsWith("java.lang.invoke.LambdaForm$") || f.startsWith("java.lang.invoke.Invokers$")) continue;
            if (!chain.isEmpty() && chain.get(chain.size() - 1).equals(f)) continue; // the hook re-enters the same JDK method
            chain.add(f);
        }
        return chain;
    }

    /** The figures for the run file's {@code profile} object (docs/run-file.md). */
    public Map<String, Object> toMap(boolean kernelFrames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("kernel_samples", kernelFrames ? kernel : null);
        m.put("kernel_share", kernelFrames ? ratio(kernel, samples) : null);
        m.put("syscall_samples", kernelFrames ? syscall : null);
        m.put("entry_exit_samples", kernelFrames ? entryExit : null);
        m.put("entry_exit_share_of_kernel", kernelFrames ? ratio(entryExit, kernel) : null);
        m.put("wrapper_samples", kernelFrames ? wrapper : null);
        m.put("entry_exit_share_of_kernel_high", kernelFrames ? ratio(entryExit + wrapper, kernel + wrapper) : null);
        m.put("exit_work_samples", kernelFrames ? exitWork : null);
        long inBodies = 0;
        for (long[] b : bodies.values()) inBodies += b[0];
        m.put("body_samples", kernelFrames ? inBodies : null);
        m.put("other_kernel_samples", kernelFrames ? kernel - entryExit - exitWork - inBodies : null);
        List<Map<String, Object>> by = new ArrayList<>();
        bodies.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", e.getKey());
            row.put("samples", e.getValue()[0]);
            row.put("share_of_kernel", ratio(e.getValue()[0], kernel));
            List<Map<String, Object>> top = new ArrayList<>();
            chains.get(e.getKey()).entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(TOP_CHAINS)
                    .forEach(c -> {
                        Map<String, Object> chain = new LinkedHashMap<>();
                        chain.put("samples", c.getValue()[0]);
                        chain.put("frames", c.getKey());
                        top.add(chain);
                    });
            row.put("chains", top);
            by.add(row);
        });
        m.put("by_syscall", kernelFrames ? by : List.of());
        return m;
    }

    static Double ratio(long a, long b) { return b == 0 ? null : Math.round(1e6 * a / (double) b) / 1e6; }

}
