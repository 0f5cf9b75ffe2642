package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Application code that issued {@code calls} syscalls of kind {@code kind} (from the run file's sites). */
public record CallSite(@JsonProperty("kind") String kind,
                       @JsonProperty("calls") long calls,
                       @JsonProperty("api") String api,
                       @JsonProperty("frames") List<String> frames) {

    public CallSite {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    /** The innermost application frame, which is what a reader looks for first. */
    public String topFrame() {
        return frames.isEmpty() ? "(JDK-internal)" : frames.get(0);
    }
}
