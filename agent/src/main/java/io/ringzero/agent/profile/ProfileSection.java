package io.ringzero.agent.profile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run file's {@code profile} object (docs/run-file.md): the profiler's state at one write and its samples'
 * innermost stacks. What the samples mean (kernel share, syscall bodies) is for the reader to work out from
 * {@code stacks}; the agent does not interpret them at the JVM's exit.
 */
final class ProfileSection {
    final String requested;
    final long intervalNs;
    String engine, status, fallbackReason, error;
    boolean kernelFrames;
    Integer paranoid;
    /** Milliseconds; negative: not measured (the step did not happen). */
    long loadMs = -1, loadCpuMs = -1, startMs = -1, startCpuMs = -1, dumpMs = -1;
    long samples;
    List<String> stacks = List.of();
    Path flameGraph, collapsed;
    List<String> warnings = List.of();

    ProfileSection(String requested, long intervalNs) {
        this.requested = requested;
        this.intervalNs = intervalNs;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", requested);
        m.put("engine", engine);
        m.put("status", status);
        m.put("kernel_frames", kernelFrames);
        m.put("interval_ns", intervalNs);
        m.put("fallback_reason", fallbackReason);
        m.put("error", error);
        m.put("perf_event_paranoid", paranoid);
        m.put("load_ms", millis(loadMs));
        m.put("load_cpu_ms", millis(loadCpuMs));
        m.put("start_ms", millis(startMs));
        m.put("start_cpu_ms", millis(startCpuMs));
        if (dumpMs >= 0) m.put("dump_ms", dumpMs); // only when there was a profiler to dump
        m.put("samples", samples);
        m.put("stacks", stacks);
        m.put("flamegraph", flameGraph == null ? null : flameGraph.toString());
        m.put("collapsed", collapsed == null ? null : collapsed.toString());
        m.put("warnings", warnings);
        return m;
    }

    private static Long millis(long ms) { return ms < 0 ? null : ms; }
}
