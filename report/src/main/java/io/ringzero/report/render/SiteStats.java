package io.ringzero.report.render;

import io.ringzero.report.runfile.Run;

import java.util.List;

/**
 * One call site of one syscall kind; {@code run} names the run it came from (sites are never merged across JVMs).
 * {@code resources}: what its walked calls used, most calls first (none before run file 2.1).
 */
public record SiteStats(String run, long calls, long walked, String api, List<String> frames, List<Run.Resource> resources) {

    /** The innermost application frame, or a note when the JDK itself made the call. */
    public String topFrame() {
        return frames == null || frames.isEmpty() ? "(JDK-internal, no application frame)" : frames.get(0);
    }
}
