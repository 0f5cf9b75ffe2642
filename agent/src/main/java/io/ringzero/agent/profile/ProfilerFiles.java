package io.ringzero.agent.profile;

import java.nio.file.Path;

/** The files the profiler writes beside the run file, named after it so that they travel with it. */
final class ProfilerFiles {
    private final Path runFile;

    ProfilerFiles(Path runFile) { this.runFile = runFile.toAbsolutePath(); }

    /** async-profiler's flame graph page. */
    Path flameGraph() { return sibling(".cpu.html"); }

    /** Every sample, uncut: what a reader needs to classify them differently than the run file's stacks allow. */
    Path collapsed() { return sibling(".cpu.collapsed"); }

    /** async-profiler's own log ({@link ProfilerLog}). */
    Path log() { return sibling(".profiler.log"); }

    private Path sibling(String suffix) { return runFile.resolveSibling(runFile.getFileName() + suffix); }
}
