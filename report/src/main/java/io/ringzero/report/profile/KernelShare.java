package io.ringzero.report.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * interrupts on (do_syscall_64, or the paravirtual irq-enable helper it calls, counted as entry/exit); exit time surfaces after the return to user mode, on the
 * libc wrapper's instruction after {@code syscall}. Those wrapper samples are counted apart ({@code wrapper}) and
 * give the high end of the entry/exit share.
 *
 * <p>The input is either every sample ({@code <run>.cpu.collapsed}) or the run file's {@code profile.stacks}, whose
 * stacks the agent cut to what this class reads (docs/run-file.md): both give the same figures for the same depth.
 */
public final class KernelShare {
    static final int TOP_CHAINS = 5;

    // "Word" below is regex \w: [A-Za-z0-9_]; KernelShareTest checks these tests against the regular expressions.
    private static final String[] BODY_PREFIXES = {"__x64_sys_", "__ia32_sys_", "__do_sys_", "__se_sys_", "ksys_"};
    /** Syscall entry and exit code, and the mitigations run on the way in or out: a prefix means prefix + word. */
    private static final String[] ENTRY_EXIT_NAMES = {"do_syscall_64", "x64_sys_call", "syscall_exit_work", "__x86_return_thunk",
            "entry_IBPB", "entry_untrain_ret", "write_ibpb", "fpregs_restore_userregs", "switch_fpu_return", "restore_fpregs_from_fpstate"};
    private static final String[] ENTRY_EXIT_PREFIXES = {"entry_SYSCALL_64", "syscall_enter_from_user_mode", "syscall_exit_to_user_mode",
            "arch_exit_to_user_mode", "__x86_indirect_thunk", "clear_bhb_loop", "srso_", "__x86_indirect_call_thunk"};
    private static final String[] SYSCALL_ENTRY_PREFIXES = {"entry_SYSCALL_64", "entry_SYSENTER", "entry_INT80"};
    /** Work the kernel does on the way out that is not the crossing itself: signals, rescheduling, task work. */
    private static final String[] EXIT_WORK = {"exit_to_user_mode_loop", "arch_do_signal_or_restart", "resume_user_mode_work", "task_work_run"};
    /** Kernel helper names that are not the syscall's own name. */
    private static final Map<String, String> ALIASES = Map.of("mmap_pgoff", "mmap", "fadvise64_64", "fadvise64", "sync_file_range", "sync_file_range");

    private long samples, kernel, syscall, entryExit, exitWork, wrapper;
    private final Set<String> wrappers = new HashSet<>();
    // Insertion-ordered: ties in the sample counts keep the order of the input (most samples first in the run file).
    private final Map<String, long[]> bodies = new LinkedHashMap<>();
    private final Map<String, Map<List<String>, long[]>> chains = new LinkedHashMap<>();

    private KernelShare() {
    }

    /**
     * The figures of a run file's {@code profile}: its {@code stacks} lines, the {@code depth} they were cut to
     * (the run file's {@code agent.depth}) and whether the engine samples kernel frames ({@code kernel_frames}).
     */
    public static KernelFigures figures(List<String> stacks, int depth, boolean kernelFrames) {
        return of(CollapsedStacks.parse(stacks), depth).figures(kernelFrames);
    }

    /** Classifies every stack; {@code depth} Java frames (innermost first) are kept per call chain. */
    public static KernelShare of(CollapsedStacks stacks, int depth) {
        KernelShare k = new KernelShare();
        for (CollapsedStacks.Stack s : stacks.stacks()) {
            k.findWrapper(s);
        }
        for (CollapsedStacks.Stack s : stacks.stacks()) {
            k.add(s, depth);
        }
        return k;
    }

    /** A user-space frame that calls straight into the syscall entry somewhere in this profile: a libc syscall wrapper. */
    private void findWrapper(CollapsedStacks.Stack s) {
        List<String> f = s.frames();
        for (int i = 1; i < f.size(); i++) {
            if (!CollapsedStacks.isKernel(f.get(i - 1)) && CollapsedStacks.isKernel(f.get(i))
                    && isSyscallEntry(CollapsedStacks.name(f.get(i)))) {
                wrappers.add(f.get(i - 1));
                return;
            }
        }
    }

    private void add(CollapsedStacks.Stack s, int depth) {
        samples += s.samples();
        if (wrappers.contains(s.leaf())) {
            wrapper += s.samples();
        }
        if (!CollapsedStacks.isKernel(s.leaf())) {
            return;
        }
        kernel += s.samples();
        boolean inSyscall = false;
        boolean onExit = false;
        String body = null;
        for (String f : s.frames()) {
            if (!CollapsedStacks.isKernel(f)) {
                continue;
            }
            String name = CollapsedStacks.name(f);
            if (isSyscallEntry(name)) {
                inSyscall = true;
            }
            if (oneOf(name, EXIT_WORK)) {
                onExit = true;
            }
            if (body == null && !onExit) {
                String b = bodyName(name);
                if (b != null) {
                    body = ALIASES.getOrDefault(b, b);
                }
            }
        }
        if (inSyscall) {
            syscall += s.samples();
        }
        if (body != null) {
            count(bodies, body, s.samples());
            count(chains.computeIfAbsent(body, b -> new LinkedHashMap<>()), javaChain(s, depth), s.samples());
        } else if (onExit) {
            exitWork += s.samples();
        } else if (isEntryExit(CollapsedStacks.name(s.leaf())) || inSyscall && interruptsOnInEntryExit(s)) {
            entryExit += s.samples();
        }
    }

    /**
     * A paravirtualized guest (Xen, PVM) turns interrupts on through a call to the hypervisor's irq-enable
     * operation, so there the first point with interrupts on, where entry time surfaces, is that helper called by
     * the entry or exit code ({@code do_syscall_64 -> __raw_callee_save_pvm_irq_enable -> pvm_irq_enable}).
     */
    private static boolean interruptsOnInEntryExit(CollapsedStacks.Stack s) {
        List<String> f = s.frames();
        int i = f.size() - 1;
        while (i >= 0 && CollapsedStacks.isKernel(f.get(i)) && CollapsedStacks.name(f.get(i)).endsWith("irq_enable")) {
            i--;
        }
        return i < f.size() - 1 && i >= 0 && CollapsedStacks.isKernel(f.get(i)) && isEntryExit(CollapsedStacks.name(f.get(i)));
    }

    private static <K> void count(Map<K, long[]> m, K key, long n) {
        m.computeIfAbsent(key, k -> new long[1])[0] += n;
    }

    static boolean isSyscallEntry(String name) {
        return name.equals("do_syscall_64") || prefixedWord(name, SYSCALL_ENTRY_PREFIXES);
    }

    static boolean isEntryExit(String name) {
        if (oneOf(name, ENTRY_EXIT_NAMES) || prefixedWord(name, ENTRY_EXIT_PREFIXES)) {
            return true;
        }
        if (name.startsWith("exit_to_user_mode") && !name.startsWith("exit_to_user_mode_loop") && isWord(name, 0)) {
            return true;
        }
        return name.contains("retpoline") && isWord(name, 0);
    }

    /** The syscall a body function is named after ({@code __x64_sys_read}: read), or null. */
    static String bodyName(String name) {
        for (String p : BODY_PREFIXES) {
            if (name.length() > p.length() && name.startsWith(p) && isWord(name, p.length())) {
                return name.substring(p.length());
            }
        }
        return null;
    }

    private static boolean oneOf(String name, String[] names) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** One of the prefixes followed by word characters only (none at all is fine). */
    private static boolean prefixedWord(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p) && isWord(name, p.length())) {
                return true;
            }
        }
        return false;
    }

    /** Every character from {@code from} on is a regex word character. */
    private static boolean isWord(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Java frames nearest the kernel, innermost first, like the run file's call sites. The agent's hooks and
     * the method-handle frames that reach them are left out: they sit in every instrumented call, and their
     * hidden-class names change from run to run. The agent cuts {@code profile.stacks} by the same rule.
     */
    static List<String> javaChain(CollapsedStacks.Stack s, int depth) {
        List<String> frames = s.frames();
        List<String> chain = new ArrayList<>();
        for (int i = frames.size() - 1; i >= 0 && chain.size() < depth; i--) {
            if (!CollapsedStacks.isJava(frames.get(i))) {
                continue;
            }
            String f = CollapsedStacks.name(frames.get(i));
            if (f.startsWith("io.ringzero.agent.hook.") || f.startsWith("io.ringzero.agent.count.")
                    || f.startsWith("java.lang.invoke.LambdaForm$") || f.startsWith("java.lang.invoke.Invokers$")) {
                continue;
            }
            if (!chain.isEmpty() && chain.get(chain.size() - 1).equals(f)) {
                continue; // the hook re-enters the same JDK method
            }
            chain.add(f);
        }
        return List.copyOf(chain);
    }

    /** The figures; the kernel ones null when the engine samples no kernel frames. */
    public KernelFigures figures(boolean kernelFrames) {
        if (!kernelFrames) {
            return new KernelFigures(samples, null, null, null, null, null, null, null, null, null, null, List.of());
        }
        long inBodies = 0;
        for (long[] b : bodies.values()) {
            inBodies += b[0];
        }
        List<KernelFigures.Syscall> by = new ArrayList<>();
        for (Map.Entry<String, long[]> e : mostFirst(bodies)) {
            List<KernelFigures.Chain> top = new ArrayList<>();
            for (Map.Entry<List<String>, long[]> c : mostFirst(chains.get(e.getKey()))) {
                if (top.size() == TOP_CHAINS) {
                    break;
                }
                top.add(new KernelFigures.Chain(c.getValue()[0], c.getKey()));
            }
            by.add(new KernelFigures.Syscall(e.getKey(), e.getValue()[0], ratio(e.getValue()[0], kernel), List.copyOf(top)));
        }
        return new KernelFigures(samples, kernel, ratio(kernel, samples), syscall, entryExit, ratio(entryExit, kernel), wrapper,
                ratio(entryExit + wrapper, kernel + wrapper), exitWork, inBodies, kernel - entryExit - exitWork - inBodies,
                List.copyOf(by));
    }

    /** Entries with the most samples first; ties keep the map's order (List.sort is stable). */
    private static <K> List<Map.Entry<K, long[]>> mostFirst(Map<K, long[]> m) {
        List<Map.Entry<K, long[]>> list = new ArrayList<>(m.entrySet());
        list.sort(Comparator.comparingLong((Map.Entry<K, long[]> e) -> e.getValue()[0]).reversed());
        return list;
    }

    /** A share rounded to six decimals, null when the whole is zero. */
    static Double ratio(long a, long b) {
        return b == 0 ? null : Math.round(1e6 * a / (double) b) / 1e6;
    }
}
