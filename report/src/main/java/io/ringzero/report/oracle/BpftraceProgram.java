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
     * Frames kept for the kinds that map memory ({@link #MEMORY_KINDS}): HotSpot commits and uncommits memory through
     * {@code os::commit_memory} and {@code VirtualSpace::expand_by} for every subsystem, and the one that asked is
     * further out (the serial collector growing its generations on the VM thread: {@code mmap <- os::pd_commit_memory
     * <- os::commit_memory <- VirtualSpace::expand_by <- CardGeneration::grow_by}). These kinds are rare beside the
     * others, so their longer walk costs little.
     */
    public static final int MEMORY_STACK_FRAMES = 6;

    /** x86_64's {@code mmap}, {@code mprotect}, {@code munmap}, {@code mremap} and {@code madvise}. */
    static final List<Integer> MEMORY_KINDS = List.of(9, 10, 11, 25, 28);

    /**
     * Calls of one kind on one thread whose stacks are all kept; beyond them, the stack of one call in
     * {@link #SAMPLED_ONE_IN}, picked at random, stands for the others (the CLI scales them to the exact count:
     * {@link BpftraceOracle}). Reading a stack costs several times what counting the call does; a service's steady
     * state repeats the same stacks.
     */
    public static final long EXACT_STACKS = 4096;
    public static final int SAMPLED_ONE_IN = 16;

    /**
     * Words of the user stack read, from its top, for return addresses. A libc wrapper keeps no frame, so the
     * frame-pointer walk skips the function that called it, and where that function keeps no frame pointer either
     * (Netty's, SQLite's, RocksDB's JNI code, libc's own) the walk ends at the wrapper. The first {@link #CANDIDATES}
     * words that point into code are kept with the stack; the CLI keeps those that follow a call instruction in a
     * mapped file ({@link io.ringzero.report.symbols.Symbolizer#returnAddress}). A word points into code if it lies in
     * a 2 MiB granule that an executable mapping of the process covers ({@link #CODE_GRANULE}; the program notes
     * them as the process maps them, {@code mmap} and {@code mprotect} with {@code PROT_EXEC}). Words inside libc
     * are skipped ({@link LibcImage}: where a uprobe on {@code __libc_start_main} found it mapped; without uprobes,
     * words within 2 MiB of the syscall's own address): libc's frames between the syscall and the code that called
     * libc, and pointers into its data (malloc's main arena), would take the candidates' places; malloc growing an
     * arena makes its {@code mprotect} 30-40 words below its caller, stdio and {@code setlocale} theirs up to 90. Pointers into malloc's heaps, the CDS archive or
     * a library's data lie outside code. Testing the instruction here would read memory a data pointer leads to,
     * which cost up to several µs per syscall where that memory was not mapped in. Reading stops once the
     * candidates are found.
     */
    static final int SCANNED_WORDS = 96;
    static final int CANDIDATES = 3;

    /**
     * Words in which a frame record is looked for where the frame pointer register holds none: a libc function that
     * uses the register for data saved it on entry ({@code open} keeps the path there, with stale words of earlier
     * calls in its variadic arguments' area below), and the saved value, followed by the return address, is the
     * caller's frame pointer: the walk starts there.
     */
    static final int RECORD_WORDS = 20;

    /**
     * Words in which a frame record is looked for on the kinds that map memory: libc's malloc, growing an arena, makes
     * its {@code mprotect} or {@code mmap} 30-40 words below its caller's frame.
     */
    static final int MEMORY_RECORD_WORDS = 48;

    /** log2 of the granule in which the program notes executable mappings (2 MiB: libjvm's code covers ~8). */
    static final int CODE_GRANULE = 21;
    /** Granules noted per mapping: a larger executable mapping (more than 64 MiB at once) is noted in part. */
    static final int GRANULES_PER_MAPPING = 32;

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
     * the function, its return address and the stack pointer at its entry; a syscall made while the thread's stack
     * pointer is below that one and the return address still lies there was made inside the function, and its stack
     * carries both. A few µs per call of the function, none per syscall but a map lookup (and a read for the threads
     * that called one). No uretprobe: from Linux 6.11 a uretprobe returns through a syscall of its own, and while one
     * was attached {@code strace -f -c} of any process of the machine returning from the probed function ended with
     * SIGSEGV (Linux 6.18, strace 6.1; run from a shell, each time).
     */
    static final List<String> ENTERED = List.of("realpath");

    /**
     * The task's user registers sit at the top of its kernel stack on x86_64 ({@code task_pt_regs}: 16 KiB
     * {@code THREAD_SIZE}, 168 bytes of {@code struct pt_regs}); the tracepoint itself has no registers. bpftrace 0.17
     * reads each word of the stack with a helper call of its own: most of what the stacks add per syscall.
     */
    static final String WITH_STACKS = program(LibcImage.find());

    static String program(LibcImage libc) {
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
        String notLibc = libc == null ? "($w > $ip + 0x200000 || $w < $ip - 0x200000)"
                : "($w < $lb || $w >= $lb + 0x" + Long.toHexString(libc.size()) + ")";
        for (int i = 0; i < SCANNED_WORDS; i++) {
            scan.append("""
                      if ($c%d == 0) {
                        $w = $s.w[%d];
                        if ($w >= %s && $w < 0x800000000000 && ($w > $sp + 0x100000 || $w < $sp - 0x10000)
                            && %s && @code[$w >> %d]) {
                          %s
                        }
                      }
                    """.formatted(CANDIDATES, i, "0x" + Long.toHexString(LIBRARIES_FROM), notLibc, CODE_GRANULE, keep));
        }
        String memoryKind = MEMORY_KINDS.stream().map(k -> "args->id == " + k).collect(java.util.stream.Collectors.joining(" || "));
        StringBuilder record = new StringBuilder("""
                  $bp = $regs->bp; $rec = (uint64)0;
                  if ($bp >= $sp - 0x10000 && $bp < $sp + 0x100000) { $fr = *(struct ringzero_frame *)uptr($bp); $rec = @code[$fr.ret >> %d] ? $bp : (uint64)0; }
                  if ($rec == 0) {
                    $w0 = $s.w[0];
                %s  }
                  if ($rec == 0 && (%s)) {
                    $w0 = $s.w[%d];
                %s  }
                """.formatted(CODE_GRANULE, recordSearch(1, RECORD_WORDS, notLibc), memoryKind, RECORD_WORDS - 1,
                recordSearch(RECORD_WORDS, MEMORY_RECORD_WORDS, notLibc)));
        StringBuilder walk = new StringBuilder(record).append("  $bp = $rec != 0 ? $rec : $regs->bp;\n");
        StringBuilder frames = new StringBuilder("$ip");
        for (int f = 1; f < MEMORY_STACK_FRAMES; f++) {
            vars.append(" $f").append(f).append(" = (uint64)0;");
            frames.append(", $f").append(f);
            if (f == STACK_FRAMES) {
                walk.append("  if (").append(memoryKind).append(") {\n");
            }
            // each frame pointer must point above the last one, into the stack: at most 1 MiB above the stack
            // pointer, or 64 KiB below it (where a function that keeps no frame leaves it pointing at a callee's
            // frame that has returned: above it the chain goes on)
            walk.append(f < STACK_FRAMES ? "  " : "    ")
                    .append("if ($bp >= $sp - 0x10000 && $bp < $sp + 0x100000) { $fr = *(struct ringzero_frame *)uptr($bp); $f")
                    .append(f).append(" = $fr.ret; $bp = $fr.next > $bp ? $fr.next : (uint64)0; }\n");
        }
        walk.append("  }\n");
        // the other kinds' stacks go to a map of shorter keys: every syscall hashes its key
        String shortFrames = String.join(", ", java.util.Arrays.asList(frames.toString().split(", ")).subList(0, STACK_FRAMES));
        // inside a probed function: the record search's $w0 and $w1 are reused, the program's stack is at its 512 bytes
        String entered = libc == null ? "(uint64)0, (uint64)0" : "$w0, $w1";
        String sampled = "$n < " + EXACT_STACKS + " ? (uint64)0 : (uint64)1";
        StringBuilder probes = new StringBuilder();
        if (libc != null) {
            probes.append("uprobe:%s:__libc_start_main /pid == cpid/ { @libc = reg(\"ip\") - 0x%x; }\n"
                    .formatted(libc.path(), libc.startMain()));
            for (String f : ENTERED) {
                probes.append("""
                        uprobe:%1$s:%2$s /pid == cpid/ { @entered[tid] = (reg("ip"), *(uint64 *)uptr(reg("sp")), reg("sp")); }
                        """.formatted(libc.path(), f));
            }
        }
        return """
                struct ringzero_words { unsigned long w[%d]; };
                struct ringzero_frame { unsigned long next; unsigned long ret; };
                %s%stracepoint:raw_syscalls:sys_enter /pid == cpid/ {
                  $t0 = nsecs;
                  $n = @calls[tid, args->id];
                  @calls[tid, args->id] = $n + 1;
                  if ($n < %d || rand %% %d == 0) {
                  $regs = (struct pt_regs *)((uint64)curtask->stack + 16384 - 168);
                  $sp = $regs->sp;
                  $ip = $regs->ip;
                %s                  $s = *(struct ringzero_words *)uptr($sp);
                 %s
                %s%s%s  if (%s) { @memory[tid, args->id, %s%s, %s, %s] = count(); } else { @stacks[tid, args->id, %s%s, %s, %s] = count(); }
                  }
                  @ns = sum(nsecs - $t0);
                }
                tracepoint:task:task_rename /pid == cpid/ { @names[args->pid] = args->newcomm; }
                END { clear(@code); clear(@mapping);%s }
                """.formatted(SCANNED_WORDS, probes, codeMappings(), EXACT_STACKS, SAMPLED_ONE_IN,
                libc == null ? "" : "  $lb = @libc;\n", vars, scan, walk,
                libc == null ? "" : """
                  $e = @entered[tid]; $w0 = (uint64)0; $w1 = (uint64)0;
                  if ($e.2 != 0 && $sp < $e.2) { if (*(uint64 *)uptr($e.2) == $e.1) { $w0 = $e.0; $w1 = $e.1; } }
                """, memoryKind, frames, key, entered, sampled, shortFrames, key, entered, sampled,
                libc == null ? "" : " clear(@libc); clear(@entered);");
    }

    /** The blocks that look for a frame record in words {@code from} to {@code to} (exclusive), {@code $w0} the word before. */
    private static String recordSearch(int from, int to, String notLibc) {
        StringBuilder record = new StringBuilder();
        for (int i = from; i < to; i++) {
            record.append("""
                        if ($rec == 0) {
                          $w1 = $s.w[%d];
                          if ($w0 > $sp + %d && $w0 < $sp + 0x100000 && $w1 >= %s && $w1 < 0x800000000000 && %s && @code[$w1 >> %d]) { $rec = $w0; }
                          $w0 = $w1;
                        }
                    """.formatted(i, 8 * i, "0x" + Long.toHexString(LIBRARIES_FROM), notLibc.replace("$w", "$w1"), CODE_GRANULE));
        }
        return record.toString();
    }

    /**
     * Notes the granules of each executable mapping as the process makes it: libraries (the dynamic loader maps
     * their code with {@code mmap}), the JIT's code cache (committed with {@code mmap}), code made executable later
     * ({@code mprotect}). What the kernel mapped at {@code exec} (the launcher, the dynamic loader) is not noted:
     * their frames are never between a library and its syscalls.
     */
    private static String codeMappings() {
        String note = """
                  $g = %1$s >> %3$d; $last = (%1$s + %2$s - 1) >> %3$d;
                  unroll(%4$d) { if ($g <= $last) { @code[$g] = 1; $g = $g + 1; } }
                """;
        return """
                tracepoint:syscalls:sys_enter_mmap /pid == cpid && (args->prot & 4)/ { @mapping[tid] = args->len; }
                tracepoint:syscalls:sys_exit_mmap /pid == cpid && @mapping[tid]/ {
                  if (args->ret > 0) {
                %s  }
                  delete(@mapping[tid]);
                }
                tracepoint:syscalls:sys_enter_mprotect /pid == cpid && (args->prot & 4)/ {
                %s}
                """.formatted(note.formatted("(uint64)args->ret", "@mapping[tid]", CODE_GRANULE, GRANULES_PER_MAPPING).indent(2),
                note.formatted("args->start", "args->len", CODE_GRANULE, GRANULES_PER_MAPPING));
    }

    /** Without the stacks ({@code ringzero run --no-stacks}): the counts per thread alone, at less cost. */
    static final String COUNTS = """
            tracepoint:raw_syscalls:sys_enter /pid == cpid/ { $t0 = nsecs; @calls[tid, args->id] = count(); @ns = sum(nsecs - $t0); }
            tracepoint:task:task_rename /pid == cpid/ { @names[args->pid] = args->newcomm; }
            """;
}
