package io.ringzero.report.check;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command under a padded seccomp filter and reports what it cost. Started in its own JVM by
 * {@code ringzero check}, never inside the orchestrator: a filter cannot be removed.
 *
 * <pre>FilteredLauncher --result FILE [--loads K1,K2,...] [--probe] -- COMMAND ARGS...</pre>
 *
 * <p>Why the launcher stays the workload's parent instead of exec'ing it in place: CPU time survives
 * execve. An exec'd workload would carry the launcher JVM's own start-up, JNA loading and getppid loops
 * in its rusage, and which part of that depends on the filter is unknowable afterwards. As a parent, the
 * launcher spawns the workload, waits for it, and reads getrusage(RUSAGE_CHILDREN): exactly the workload
 * and whatever it reaped itself, read after the workload is reaped and so without a race with /proc.
 *
 * <p>The filters go on one thread of the launcher only (a seccomp filter belongs to a thread, and a
 * child inherits the filters of the thread that spawned it). That thread spawns the workload, so every
 * thread of the workload runs under them; the launcher's main thread stays unfiltered and times the
 * baseline side by side with the filtered thread ({@link NullSyscallTimer}).
 *
 * <p>Exit code: the workload's, or {@value #LAUNCHER_FAILED} when the launcher itself failed (the reason
 * is in the result file's {@code error}).
 */
public final class FilteredLauncher {

    public static final int LAUNCHER_FAILED = 125;

    private static final long SAMPLE_EVERY_MS = 50;
    /** Fewer pairs than this (a workload of well under a second) leave the timings before and after. */
    private static final int MIN_SAMPLES = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilteredLauncher() {
    }

    public static void main(String[] args) {
        Path result = null;
        List<Integer> loads = List.of();
        boolean probe = false;
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--result" -> result = Path.of(args[++i]);
                case "--loads" -> loads = parseLoads(args[++i]);
                case "--probe" -> probe = true;
                default -> usage("unknown option " + args[i]);
            }
        }
        List<String> command = i < args.length ? Arrays.asList(args).subList(i + 1, args.length) : List.of();
        if (result == null || (command.isEmpty() && !probe)) {
            usage("needs --result FILE and -- COMMAND (or --probe)");
        }
        System.exit(run(result, loads, probe, command));
    }

    private static int run(Path result, List<Integer> loads, boolean probe, List<String> command) {
        ExecutorService filteredThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ringzero-filtered");
            t.setDaemon(true);
            return t;
        });
        // Both timing threads on one CPU: the two vCPUs of a shared VM need not be equally fast (a busy
        // SMT sibling on the host), and a difference taken across them would measure that, not the
        // filter. The spawning thread gets its original mask back for the spawn: the workload must not
        // inherit the pin.
        byte[] originalMask = LauncherNatives.affinity();
        byte[] oneCpu = LauncherNatives.currentCpuOnly();
        boolean pinned = LauncherNatives.setAffinity(oneCpu)
                && call(filteredThread, () -> LauncherNatives.setAffinity(oneCpu));
        // Every setting, delta 0 included, runs the same timing: its small cost is then part of T0.
        NullSyscallTimer.warmUp();
        Double before = null;
        Double after = null;
        double delta = 0;
        NullSyscallTimer.Pair timedBefore = null;
        List<double[]> during = new ArrayList<>();
        if (!loads.isEmpty()) {
            List<SeccompPadding> filters = loads.stream().map(SeccompPadding::new).toList();
            String refused = call(filteredThread, () -> {
                try {
                    Seccomp.install(filters);
                    return null;
                } catch (Seccomp.Unavailable e) {
                    return e.getMessage();
                }
            });
            if (refused != null) {
                return fail(result, loads, refused);
            }
            timedBefore = NullSyscallTimer.sideBySide(filteredThread);
            before = timedBefore.unfilteredNs();
            after = timedBefore.filteredNs();
            delta = timedBefore.deltaNs();
        }
        if (probe) {
            write(result, new LaunchResult(loads, before, after, delta, delta, null, null, 0, timedBefore.cpuDeltaNs(),
                    timedBefore.cpuDeltaNs(), null, null, null, null, null, null, null, null));
            return 0;
        }
        LauncherNatives.ChildUsage start = LauncherNatives.childUsage();
        long t0 = System.nanoTime();
        int code;
        try {
            // Spawned from the filtered thread: the child inherits that thread's filters.
            Process p = call(filteredThread, () -> {
                if (pinned) {
                    LauncherNatives.setAffinity(originalMask);
                }
                Process started = new ProcessBuilder(command).inheritIO().start();
                if (pinned) {
                    LauncherNatives.setAffinity(oneCpu);
                }
                return started;
            });
            // While the workload runs, a pair of small batches every 50 ms (about 2 % of one core), a
            // diagnostic of the machine's state during the run.
            while (!p.waitFor(SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS)) {
                during.add(NullSyscallTimer.samplePair(filteredThread));
            }
            code = p.exitValue();
        } catch (IllegalStateException e) {
            return fail(result, loads, "cannot start " + command.get(0) + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(result, loads, "interrupted while the workload ran");
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        LauncherNatives.ChildUsage end = LauncherNatives.childUsage();
        Double deltaBefore = null;
        Double deltaAfter = null;
        Double cpuDelta = null;
        Double cpuDeltaBefore = null;
        Double cpuDeltaAfter = null;
        if (timedBefore != null) {
            // Timed again after the run: the shared machine switches between a fast and a slow state
            // (baselines about 300 or 410 ns here, filter costs 1.6x apart), and the workload ran in
            // between; the mean of both is the better estimate of what its syscalls paid.
            NullSyscallTimer.Pair timedAfter = NullSyscallTimer.sideBySide(filteredThread);
            deltaBefore = timedBefore.deltaNs();
            deltaAfter = timedAfter.deltaNs();
            before = (timedBefore.unfilteredNs() + timedAfter.unfilteredNs()) / 2;
            after = (timedBefore.filteredNs() + timedAfter.filteredNs()) / 2;
            delta = (deltaBefore + deltaAfter) / 2;
            cpuDeltaBefore = timedBefore.cpuDeltaNs();
            cpuDeltaAfter = timedAfter.cpuDeltaNs();
            cpuDelta = (cpuDeltaBefore + cpuDeltaAfter) / 2;
        }
        double[] pairs = during.stream().mapToDouble(d -> d[0]).toArray();
        double[] cpuPairs = during.stream().mapToDouble(d -> d[1]).toArray();
        Double cpuDeltaDuring = cpuPairs.length >= MIN_SAMPLES ? NullSyscallTimer.trimmedMean(cpuPairs) : null;
        // Reported, not used as the run's delta: in one check these pairs read 30 % more than the
        // workload's syscalls paid (N_eff 0.69 N), the sampler competing with the workload for the
        // same two cores. See docs/check.md.
        Double deltaDuring = pairs.length >= MIN_SAMPLES ? NullSyscallTimer.trimmedMean(pairs) : null;
        write(result, new LaunchResult(loads, before, after, delta, deltaBefore, deltaAfter, deltaDuring, pairs.length,
                cpuDelta, cpuDeltaBefore, cpuDeltaAfter, cpuDeltaDuring, code,
                end.userS() - start.userS(), end.systemS() - start.systemS(), wall, end.maxRssKib(), null));
        return code;
    }

    private static <T> T call(ExecutorService thread, Callable<T> task) {
        try {
            return thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static List<Integer> parseLoads(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(Integer.parseInt(part.trim()));
            }
        }
        return out;
    }

    private static int fail(Path result, List<Integer> loads, String why) {
        write(result, new LaunchResult(loads, null, null, 0, null, null, null, 0, null, null, null, null, null, null, null,
                null, null, why));
        return LAUNCHER_FAILED;
    }

    private static void write(Path result, LaunchResult r) {
        try {
            Path tmp = result.resolveSibling(result.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(r));
            Files.move(tmp, result, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("ringzero launcher: cannot write " + result + ": " + e.getMessage());
            System.exit(LAUNCHER_FAILED);
        }
    }

    private static void usage(String why) {
        System.err.println("ringzero launcher: " + why
                + "; usage: FilteredLauncher --result FILE [--loads K1,K2,...] [--probe] -- COMMAND ARGS...");
        System.exit(LAUNCHER_FAILED);
    }
}
