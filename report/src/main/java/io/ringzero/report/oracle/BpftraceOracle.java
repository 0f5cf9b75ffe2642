package io.ringzero.report.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact per-thread, per-syscall counts from one bpftrace program on {@code raw_syscalls:sys_enter}
 * ({@link BpftraceProgram}): the kernel adds each syscall of the process to an in-kernel map keyed by thread and
 * syscall number, and, with stacks, to one keyed by its innermost user stack as well (every call's for the first
 * {@link BpftraceProgram#EXACT_STACKS} of a kind on a thread, then a sample); bpftrace prints the maps when the
 * process exits. Thread names come from the {@code task:task_rename} tracepoint (the JVM names
 * each of its threads once it starts), so threads that ended before the program keep theirs.
 *
 * <p>Against {@code perf stat} on the ~360 per-syscall tracepoints: the same exact counts, about the same
 * system time per syscall (one BPF program on every syscall), but no wait at the end (perf takes seconds to close
 * its counters) and a thread dimension. Needs root (or CAP_BPF and CAP_PERFMON) and tracefs.
 */
public final class BpftraceOracle implements KernelOracle {

    /** Threads kept one by one in the run file, most syscalls first; the rest are summed in one row. */
    public static final int MAX_THREADS = 200;

    private final boolean stacks;

    /** With stacks. */
    public BpftraceOracle() {
        this(true);
    }

    public BpftraceOracle(boolean stacks) {
        this.stacks = stacks;
    }

    /** A word of the stack that may be a return address: kept if it follows a call instruction. */
    public static final String CANDIDATE = "?0x";

    /**
     * A libc function the thread was in when it made the call ({@link BpftraceProgram#ENTERED}), then its caller's
     * return address: two frames "!0x..." at the end of a stack, where they belong once named.
     */
    public static final String ENTERED = "!0x";

    /**
     * Stacks kept one by one in the run file once named ({@link io.ringzero.report.symbols.StackNames}), most calls
     * first; the rest are only in their threads' counts. The tracer's own stacks are many more: the words read and a
     * frame pointer that points into data make keys that read the same once named.
     */
    public static final int MAX_STACKS = 5000;

    /**
     * Entries of each bpftrace map (its default, 4096, would drop the stacks of a busy process without a word); a
     * stack that finds the map full is not kept, its call counted all the same in {@code @calls}.
     */
    static final String MAP_ENTRIES = "131072";

    private static final Map<Integer, String> NAMES = syscallNames();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String tool() {
        return "bpftrace";
    }

    /** The JIT's code named at exit, for the stacks. */
    @Override
    public List<String> jvmOptions() {
        return stacks ? io.ringzero.report.symbols.StackNames.JVM_OPTIONS : List.of();
    }

    /** Null when bpftrace can load a program here; otherwise why not. */
    public static String unavailableReason() {
        Tracefs.mount();
        int rc = Tracefs.quietly(List.of("bpftrace", "-e", "tracepoint:raw_syscalls:sys_enter { exit(); }"), 60);
        if (rc == 127) {
            return "bpftrace is not installed";
        }
        return rc == 0 ? null : "bpftrace cannot load a program here (it needs root, or CAP_BPF and CAP_PERFMON)";
    }

    /**
     * bpftrace starts the command itself ({@code -c}, so that its pid is known before it runs) but splits that
     * command on spaces (and runs only ELF files): the command goes into a shell script with every argument quoted,
     * run by {@code /bin/sh}, whose {@code exec} keeps the pid. The temporary script's name has no space. A shell
     * around bpftrace keeps the terminal's stderr on fd 3 for the program and sends bpftrace's own to a file.
     */
    @Override
    public List<String> wrap(List<String> command, Path output) {
        Path script;
        try {
            script = Files.createTempFile("ringzero-bpftrace-", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            script.toFile().deleteOnExit();
            // the program gets back the stderr bpftrace was started with (fd 3); see below
            StringBuilder sh = new StringBuilder("#!/bin/sh\nexec 2>&3 3>&-\nexec");
            for (String arg : command) {
                sh.append(" '").append(arg.replace("'", "'\\''")).append('\'');
            }
            Files.writeString(script, sh.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // bpftrace's own stderr goes to a file: where the memlock limit cannot be raised (some VMs, even for root) it
        // says so in an ERROR line at every start, and loads its programs all the same.
        return List.of("/bin/sh", "-c", "exec 3>&2; BPFTRACE_MAP_KEYS_MAX=$5 exec bpftrace -q -f json -o \"$1\" -e \"$2\" -c \"$3\" 2>\"$4\"",
                "ringzero-bpftrace", output.toString(), stacks ? BpftraceProgram.WITH_STACKS : BpftraceProgram.COUNTS, "/bin/sh " + script, errors(output).toString(), MAP_ENTRIES);
    }

    @Override
    public Run.KernelOracle parse(Path output) throws IOException {
        try {
            return parse(Files.readAllLines(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(e.getMessage() + bpftraceSaid(output), e);
        }
    }

    /** Where bpftrace's own stderr goes. */
    static Path errors(Path output) {
        return output.resolveSibling(output.getFileName() + ".err");
    }

    @Override
    public String said(Path output) {
        return bpftraceSaid(output);
    }

    /** bpftrace's ERROR lines, but for the memlock one, as a clause for an error message. */
    private static String bpftraceSaid(Path output) {
        try {
            String said = Files.readAllLines(errors(output), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("ERROR") && !l.contains("RLIMIT_MEMLOCK")).limit(3)
                    .collect(java.util.stream.Collectors.joining(" / "));
            return said.isEmpty() ? "" : "; bpftrace said: " + said;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * bpftrace's JSON lines: one {@code map} line for {@code @calls} ("tid,nr": count), one for {@code @stacks} and one for {@code @memory}
     * ("tid,nr,IP,...": count, {@link #stack}; the stack's frames as addresses "0x..." here, named by
     * {@link io.ringzero.report.symbols.Symbolizer} once the run file's mappings are known), one for {@code @names},
     * one for {@code @ns} (the time the program itself took, in the kernel, on the process's syscalls).
     */
    static Run.KernelOracle parse(List<String> lines) throws IOException {
        Map<Long, Map<String, Long>> byThread = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        List<Run.KernelStack> stacks = new ArrayList<>(), samples = new ArrayList<>();
        Double programS = null;
        boolean seen = false;
        for (String line : lines) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            JsonNode data = n.path("data");
            if (!"map".equals(n.path("type").asText())) {
                continue;
            }
            for (var e : iterable(data.path("@calls").fields())) {
                String[] key = e.getKey().split(",");
                if (key.length != 2) {
                    throw new IOException("unexpected key \"" + e.getKey() + "\" in bpftrace's @calls");
                }
                byThread.computeIfAbsent(Long.parseLong(key[0].strip()), t -> new TreeMap<>())
                        .merge(name(Integer.parseInt(key[1].strip())), e.getValue().asLong(), Long::sum);
                seen = true;
            }
            for (String map : List.of("@stacks", "@memory")) {
                int walked = map.equals("@stacks") ? BpftraceProgram.STACK_FRAMES : BpftraceProgram.MEMORY_STACK_FRAMES;
                for (var e : iterable(data.path(map).fields())) {
                    // the last word: 1 for a call beyond the first EXACT_STACKS of its kind on its thread, sampled
                    Run.KernelStack st = stack(e.getKey(), e.getValue().asLong(), walked);
                    (word(e.getKey().substring(e.getKey().lastIndexOf(',') + 1)) == 0 ? stacks : samples).add(st);
                }
            }
            if (data.path("@ns").isNumber()) {
                programS = data.path("@ns").asLong() / 1e9;
            }
            for (var e : iterable(data.path("@names").fields())) {
                names.put(Long.parseLong(e.getKey().strip()), e.getValue().asText());
            }
        }
        if (!seen) {
            throw new IOException("no @calls map in bpftrace's output (did the program start?)");
        }
        Map<String, Long> total = new TreeMap<>();
        List<Run.KernelThread> threads = new ArrayList<>();
        long sum = 0;
        for (var t : byThread.entrySet()) {
            long calls = t.getValue().values().stream().mapToLong(Long::longValue).sum();
            t.getValue().forEach((k, v) -> total.merge(k, v, Long::sum));
            sum += calls;
            threads.add(new Run.KernelThread(t.getKey(), names.getOrDefault(t.getKey(), "(unnamed)"), calls, t.getValue()));
        }
        threads.sort(Comparator.comparingLong(Run.KernelThread::calls).reversed().thenComparingLong(Run.KernelThread::tid));
        stacks.addAll(scaled(samples, byThread));
        stacks.sort(Comparator.comparingLong(Run.KernelStack::calls).reversed());
        return new Run.KernelOracle("bpftrace", new LinkedHashMap<>(total), sum, bounded(threads),
                List.copyOf(stacks), programS);
    }

    /**
     * "tid,nr,IP,F1,F2,W1,W2,W3,E,R,S" with its count ({@link BpftraceProgram}; F1 to F5 in {@code @memory}, the kinds
     * that map memory; S 1 for a sampled call): the syscall's own address and the
     * return addresses the frame pointers led to (0 where the walk ended) are frames "0x..."; the words found on the
     * stack (0 if none) go right after the syscall's own address as "?0x..." (maybe a return address, to be checked
     * once the mappings are known), but for one the walk found too; E and R, the libc function the thread was in
     * and its return address (0 if none), go last as "!0x...".
     */
    static Run.KernelStack stack(String key, long calls, int walked) throws IOException {
        String[] f = key.split(",");
        int words = BpftraceProgram.CANDIDATES;
        if (f.length != 2 + walked + words + 3) {
            throw new IOException("unexpected key \"" + key + "\" in bpftrace's @stacks");
        }
        List<String> frames = new ArrayList<>();
        for (int i = 2; i < 2 + walked; i++) {
            long address = word(f[i]);
            if (address == 0) {
                break;
            }
            frames.add("0x" + Long.toHexString(address));
        }
        List<String> found = new ArrayList<>();
        for (int i = 2 + walked; i < 2 + walked + words; i++) {
            long address = word(f[i]);
            // (a function with a frame of its own: the walk found it already)
            if (address != 0 && !frames.contains("0x" + Long.toHexString(address))) {
                found.add(CANDIDATE + Long.toHexString(address));
            }
        }
        frames.addAll(Math.min(1, frames.size()), found);
        long function = word(f[f.length - 3]);
        if (function != 0) {
            frames.add(ENTERED + Long.toHexString(function));
            frames.add(ENTERED + Long.toHexString(word(f[f.length - 2])));
        }
        return new Run.KernelStack(Long.parseLong(f[0].strip()), name(Integer.parseInt(f[1].strip())), calls, frames);
    }

    /**
     * The sampled stacks with the calls they stand for: per thread and kind, the calls beyond the first
     * {@link BpftraceProgram#EXACT_STACKS} (exact, from {@code @calls}) shared in proportion to the samples, the
     * remainders to the largest fractions, so that they add up. An estimate of {@code s} samples is off by about
     * {@code SAMPLED_ONE_IN × √s} (one standard error).
     */
    static List<Run.KernelStack> scaled(List<Run.KernelStack> samples, Map<Long, Map<String, Long>> calls) {
        Map<List<Object>, List<Run.KernelStack>> byKind = new LinkedHashMap<>();
        samples.forEach(s -> byKind.computeIfAbsent(List.of(s.tid(), s.syscall()), k -> new ArrayList<>()).add(s));
        List<Run.KernelStack> out = new ArrayList<>();
        byKind.forEach((k, list) -> {
            long beyond = calls.getOrDefault((Long) k.get(0), Map.of()).getOrDefault((String) k.get(1), 0L) - BpftraceProgram.EXACT_STACKS;
            long sampled = list.stream().mapToLong(Run.KernelStack::calls).sum();
            if (beyond <= 0 || sampled <= 0) {
                return;
            }
            long[] share = new long[list.size()];
            double[] rest = new double[list.size()];
            long given = 0;
            for (int i = 0; i < share.length; i++) {
                double exact = (double) list.get(i).calls() * beyond / sampled;
                share[i] = (long) exact;
                rest[i] = exact - share[i];
                given += share[i];
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < share.length; i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(rest[b], rest[a]));
            for (int i = 0; given < beyond; i++, given++) {
                share[order.get(i % share.length)]++;
            }
            for (int i = 0; i < share.length; i++) {
                Run.KernelStack s = list.get(i);
                if (share[i] > 0) {
                    out.add(new Run.KernelStack(s.tid(), s.syscall(), share[i], s.frames()));
                }
            }
        });
        return out;
    }

    /** A 64-bit word of the key: bpftrace prints some signed (a word read from the stack can be anything). */
    private static long word(String s) {
        String w = s.strip();
        return w.startsWith("-") ? Long.parseLong(w) : Long.parseUnsignedLong(w);
    }

    /** The first {@link #MAX_THREADS} threads, then one row (tid 0) summing the rest. */
    static List<Run.KernelThread> bounded(List<Run.KernelThread> threads) {
        if (threads.size() <= MAX_THREADS) {
            return threads;
        }
        List<Run.KernelThread> kept = new ArrayList<>(threads.subList(0, MAX_THREADS));
        Map<String, Long> rest = new TreeMap<>();
        long calls = 0;
        for (Run.KernelThread t : threads.subList(MAX_THREADS, threads.size())) {
            t.syscalls().forEach((k, v) -> rest.merge(k, v, Long::sum));
            calls += t.calls();
        }
        kept.add(new Run.KernelThread(0, "(" + (threads.size() - MAX_THREADS) + " more threads)", calls, rest));
        return kept;
    }

    /** The syscall's name as strace prints it; {@code syscall_N} for a number this table does not know. */
    static String name(int nr) {
        return NAMES.getOrDefault(nr, "syscall_" + nr);
    }

    private static Map<Integer, String> syscallNames() {
        String arch = System.getProperty("os.arch", "");
        Map<Integer, String> m = new HashMap<>();
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return m; // numbers only: the table is x86_64's
        }
        try (InputStream in = BpftraceOracle.class.getResourceAsStream("syscalls-x86_64.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.strip().split(" ");
                    m.put(Integer.parseInt(f[0]), f[1]);
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the syscall table is missing from the CLI's jar", e);
        }
        return m;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}
