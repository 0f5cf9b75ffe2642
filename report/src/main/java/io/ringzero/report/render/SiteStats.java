package io.ringzero.report.render;

import java.util.List;

/** One call site of one syscall kind; {@code run} names the run it came from (sites are never merged across JVMs). */
public record SiteStats(String run, long calls, long walked, String api, List<String> frames) {

    /** The innermost application frame, or a note when the JDK itself made the call. */
    public String topFrame() {
        return frames == null || frames.isEmpty() ? "(JDK-internal, no application frame)" : frames.get(0);
    }
}
