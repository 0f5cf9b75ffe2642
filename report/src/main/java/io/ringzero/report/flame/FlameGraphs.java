package io.ringzero.report.flame;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws each run's CPU flame graph from the agent's side files and its call-site flame graph from the run file.
 * A run without the side files still gets a report: the CPU graph is then missing with the reason (profile=off,
 * an interval write, files not copied with the run file, an agent that predates them).
 */
public final class FlameGraphs {

    static final String CPU_COLLAPSED = ".cpu.collapsed";
    static final String CPU_PAGE = ".cpu.html";

    private FlameGraphs() {
    }

    /** One entry per run, in order; the runs must carry their report labels already. */
    public static List<RunFlameGraphs> of(List<LoadedRun> runs) {
        List<RunFlameGraphs> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (LoadedRun r : runs) {
            String base = fileBase(r.label(), taken);
            out.add(new RunFlameGraphs(r.label(), cpu(r, base + ".cpu.html"), sites(r, base + ".sites.html"),
                    threads(r, base + ".threads.html")));
        }
        return List.copyOf(out);
    }

    /** A file name from the label with nothing a shell, a URL or the file system would read specially. */
    static String fileBase(String label, Set<String> taken) {
        String safe = label.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
        if (safe.isEmpty()) {
            safe = "run";
        }
        String name = safe;
        for (int i = 2; !taken.add(name); i++) {
            name = safe + "-" + i;
        }
        return name;
    }

    static RunFlameGraphs.Graph cpu(LoadedRun r, String file) {
        Run.Profile p = r.run().profile();
        if (p == null) {
            return RunFlameGraphs.Graph.none("the run file has no profile section (written by an agent before run-file "
                    + "schema_minor 1)");
        }
        if ("off".equals(p.status())) {
            return RunFlameGraphs.Graph.none("profile=off: no CPU profile was taken");
        }
        if ("failed".equals(p.status())) {
            return RunFlameGraphs.Graph.none("no profiler could start" + (p.error() == null ? "" : ": " + p.error()));
        }
        if ("abandoned".equals(p.status())) {
            return RunFlameGraphs.Graph.none("the application ended before the profiler was up: nothing was sampled");
        }
        Path collapsed = SideFiles.find(r.file(), p.collapsed(), CPU_COLLAPSED);
        Path page = SideFiles.find(r.file(), p.flamegraph(), CPU_PAGE);
        String title = "CPU profile of " + r.label();
        try {
            if (collapsed != null) {
                try (Reader in = BoundedStacks.open(collapsed)) {
                    return RunFlameGraphs.Graph.page(file, FlameGraphPage.fromCollapsed(in, title),
                            "async-profiler's samples (" + collapsed.getFileName() + ")");
                }
            }
            if (page != null) {
                try (Reader in = Files.newBufferedReader(page, StandardCharsets.UTF_8)) {
                    return RunFlameGraphs.Graph.page(file, FlameGraphPage.fromPage(in, title),
                            "async-profiler's flame graph (" + page.getFileName() + ")");
                }
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            Path from = collapsed != null ? collapsed : page;
            return RunFlameGraphs.Graph.none("could not draw it from " + from.getFileName() + " (" + why(e) + ")");
        }
        if (!r.run().isFinal()) {
            return RunFlameGraphs.Graph.none("async-profiler's files are written at exit and this run file is an "
                    + "interval write");
        }
        return RunFlameGraphs.Graph.none("neither " + SideFiles.name(r.file(), p.collapsed(), CPU_COLLAPSED) + " nor "
                + SideFiles.name(r.file(), p.flamegraph(), CPU_PAGE) + " is beside the run file (the agent writes them "
                + "there at exit; copy them with it)");
    }

    /** Drawn from the run file's own call sites (files of major 1 had them beside it too, with the same lines). */
    static RunFlameGraphs.Graph sites(LoadedRun r, String file) {
        String title = "Syscall call sites of " + r.label();
        try {
            List<String> lines = SiteStacks.lines(r.run());
            if (lines.isEmpty()) {
                return RunFlameGraphs.Graph.none("the run recorded no call sites");
            }
            return RunFlameGraphs.Graph.page(file,
                    FlameGraphPage.fromCollapsed(new StringReader(String.join("\n", lines) + "\n"), title),
                    "the run file's call sites");
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return RunFlameGraphs.Graph.none("could not draw it (" + why(e) + ")");
        }
    }

    /** Drawn from the kernel's per-thread counts in the run file. */
    static RunFlameGraphs.Graph threads(LoadedRun r, String file) {
        List<String> lines = ThreadStacks.lines(r.run());
        if (lines.isEmpty()) {
            return RunFlameGraphs.Graph.none("the run has no per-thread kernel counts (ringzero run or demo with bpftrace records them)");
        }
        try {
            return RunFlameGraphs.Graph.page(file, FlameGraphPage.fromCollapsed(new StringReader(String.join("\n", lines) + "\n"),
                    "Syscalls of " + r.label() + " by thread"), "the kernel's exact per-thread counts");
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return RunFlameGraphs.Graph.none("could not draw it (" + why(e) + ")");
        }
    }

    private static String why(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
