package io.ringzero.report.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bpftrace program of {@link BpftraceOracle}: per thread and syscall number the calls, and per thread, number
 * and innermost user stack the calls again (docs/report.md, "Stacks"). Stack words that may be return addresses are
 * only collected here; the CLI checks them once the process's mappings are known.
 */
final class BpftraceProgram {
    private BpftraceProgram() {
    }

    /**
     * Frames of user stack kept per syscall: the syscall's own address (in libc's wrapper, or wherever the program
     * made it), then the return addresses the frame pointers lead to. The program follows the frame pointers itself,
     * and only while they point into the thread's stack (within 1 MiB above the stack pointer, 64 KiB below): code
     * compiled without frame pointers (the JIT's, by default, libc's, most JNI libraries') leaves in that register
     * whatever it used it for, and the kernel's own walk ({@code ustack}) reads through it blindly; its failed reads cost about
     * 6 µs per syscall on the 2-core VM of docs/benchmarks.md.
     */
    public static final int STACK_FRAMES = 3;

    /**
     * Words of the user stack read, from its top, for return addresses. A libc wrapper keeps no frame, so the
     * frame-pointer walk skips the function that called it, and where that function keeps no frame pointer either
     * (Netty's, SQLite's, RocksDB's JNI code, libc's own) the walk ends at the wrapper. The first {@link #CANDIDATES}
     * words that could be a return address (where shared libraries are mapped, {@link #LIBRARIES_FROM}, and not a
     * pointer into the frames above: from 64 KiB below the stack pointer to 1 MiB above it; a thread's stack can lie
     * right beside the libraries) are kept with the stack; the CLI keeps those that follow a call instruction in a
     * mapped file ({@link io.ringzero.report.symbols.Symbolizer#returnAddress}). Testing the instruction here would read
     * memory a data pointer leads to, which cost up to several µs per syscall where that memory was not mapped in.
     */
    static final int SCANNED_WORDS = 24;
    static final int CANDIDATES = 6;

    /**
     * Where shared libraries may be mapped, from the bottom: the kernel places them below a base it picks at random
     * up to {@code 2^(vm.mmap_rnd_bits + 12)} bytes below the top of user space (1 TiB with the usual 28 bits), and
     * what the process maps after them goes further down: twice that range. A library of a process whose base fell
     * low (its libc at {@code 0x7efe...}) is below {@code 0x7f0000000000}.
     */
    static final long LIBRARIES_FROM = librariesFrom(mmapRandomBits());

    static long librariesFrom(int mmapRandomBits) {
        return 0x800000000000L - (2L << (Math.max(28, Math.min(mmapRandomBits, 32)) + 12));
    }

    private static int mmapRandomBits() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/vm/mmap_rnd_bits")).strip());
        } catch (IOException | RuntimeException e) {
            return 28; // the usual default
        }
    }

    /**
     * libc's functions whose stack frame is too deep for the words above to reach their caller: {@code realpath}
     * (several KiB of path buffers; one {@code readlink} per path component, called by the JDK's
     * {@code Path.toRealPath} and {@code File.getCanonicalPath} and by the JVM). A uprobe on each notes, per thread,
     * the function and its return address while it runs (a uretprobe forgets them), and each syscall's stack carries
     * both. A few µs per call of the function, none per syscall but a map lookup.
     */
    static final List<String> ENTERED = List.of("realpath");

    /**
     * The task's user registers sit at the top of its kernel stack on x86_64 ({@code task_pt_regs}: 16 KiB
     * {@code THREAD_SIZE}, 168 bytes of {@code struct pt_regs}); the tracepoint itself has no registers. bpftrace 0.17
     * reads each word of the stack with a helper call of its own: most of what the stacks add per syscall.
     */
    static final String WITH_STACKS = program(libc());

    /**
     * The libc this CLI runs on, as its own mappings name it (the traced program's, on the same machine); null if
     * none, or if the kernel has no uprobes (a probe that cannot attach would keep the whole program from loading).
     */
    static String libc() {
        if (!Files.isDirectory(Path.of("/sys/bus/event_source/devices/uprobe"))) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash > 0 && line.endsWith("/libc.so.6")) {
                    return line.substring(slash);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no probes on libc then
        }
        return null;
    }

    static String program(String libc) {
        StringBuilder vars = new StringBuilder(), key = new StringBuilder(), scan = new StringBuilder();
        for (int c = 1; c <= CANDIDATES; c++) {
            vars.append(" $c").append(c).append(" = (uint64)0;");
            key.append(", $c").append(c);
        }
        // each word goes to the first candidate still free
        StringBuilder keep = new StringBuilder("$c" + CANDIDATES + " = $w;");
        for (int c = CANDIDATES - 1; c >= 1; c--) {
            keep.insert(0, "if ($c" + c + " == 0) { $c" + c + " = $w; } else { ").append(" }");
        }
        for (int i = 0; i < SCANNED_WORDS; i++) {
            scan.append("""
                      $w = $s.w[%d];
                      if ($c%d == 0 && $w >= %s && $w < 0x800000000000 && ($w > $sp + 0x100000 || $w < $sp - 0x10000)) {
                        %s
                      }
                    """.formatted(i, CANDIDATES, "0x" + Long.toHexString(LIBRARIES_FROM), keep));
        }
        StringBuilder walk = new StringBuilder("  $bp = $regs->bp;\n");
        StringBuilder frames = new StringBuilder("$regs->ip");
        for (int f = 1; f < STACK_FRAMES; f++) {
            vars.append(" $f").append(f).append(" = (uint64)0;");
            frames.append(", $f").append(f);
            // each frame pointer must point above the last one, into the stack: at most 1 MiB above the stack
            // pointer, or 64 KiB below it (where a function that keeps no frame leaves it pointing at a callee's
            // frame that has returned: above it the chain goes on)
            walk.append("  if ($bp >= $sp - 0x10000 && $bp < $sp + 0x100000) { $fr = *(struct ringzero_frame *)uptr($bp); $f")
                    .append(f).append(" = $fr.ret; $bp = $fr.next > $bp ? $fr.next : (uint64)0; }\n");
        }
        StringBuilder probes = new StringBuilder();
        for (String f : libc == null || libc.contains("\"") || libc.contains(":") ? List.<String>of() : ENTERED) {
            probes.append("""
                    uprobe:%1$s:%2$s /pid == cpid/ { @entered[tid] = (reg("ip"), *(uint64 *)uptr(reg("sp"))); }
                    uretprobe:%1$s:%2$s /pid == cpid/ { delete(@entered[tid]); }
                    """.formatted(libc, f));
        }
        return """
                struct ringzero_words { unsigned long w[%d]; };
                struct ringzero_frame { unsigned long next; unsigned long ret; };
                %stracepoint:raw_syscalls:sys_enter /pid == cpid/ {
                  $t0 = nsecs;
                  @calls[tid, args->id] = count();
                  $regs = (struct pt_regs *)((uint64)curtask->stack + 16384 - 168);
                  $sp = $regs->sp;
                  $s = *(struct ringzero_words *)uptr($sp);
                 %s
                %s%s%s  @stacks[tid, args->id, %s%s, %s] = count();
                  @ns = sum(nsecs - $t0);
                }
                tracepoint:task:task_rename /pid == cpid/ { @names[args->pid] = args->newcomm; }
                """.formatted(SCANNED_WORDS, probes, vars, scan, walk, probes.isEmpty() ? "" : "  $e = @entered[tid];\n",
                frames, key, probes.isEmpty() ? "(uint64)0, (uint64)0" : "$e.0, $e.1");
    }

    /** Without the stacks ({@code ringzero run --no-stacks}): the counts per thread alone, at less cost. */
    static final String COUNTS = """
            tracepoint:raw_syscalls:sys_enter /pid == cpid/ { $t0 = nsecs; @calls[tid, args->id] = count(); @ns = sum(nsecs - $t0); }
            tracepoint:task:task_rename /pid == cpid/ { @names[args->pid] = args->newcomm; }
            """;
}
