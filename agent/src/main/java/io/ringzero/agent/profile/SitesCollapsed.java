package io.ringzero.agent.profile;

import io.ringzero.agent.record.OwnFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's syscall call sites as collapsed stacks ({@code root;...;leaf count}), weighted by calls, with the
 * JDK method the application called and the syscall kind as the last two frames: the input of any flame-graph
 * renderer. async-profiler's Maven jar ships no converter that could turn it into HTML, so the file is the
 * product (docs/profiler.md).
 */
public final class SitesCollapsed {
    private SitesCollapsed() { }

    /** Lines for the run file's {@code syscalls} array (sites' frames innermost first, as the run file has them). */
    @SuppressWarnings("unchecked")
    public static List<String> lines(List<Map<String, Object>> syscalls) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> kind : syscalls) {
            for (Map<String, Object> site : (List<Map<String, Object>>) kind.getOrDefault("sites", List.of())) {
                long calls = ((Number) site.get("calls")).longValue();
                if (calls <= 0) continue;
                List<String> frames = (List<String>) site.get("frames");
                StringBuilder b = new StringBuilder();
                for (int i = frames.size() - 1; i >= 0; i--) b.append(clean(frames.get(i))).append(';');
                if (frames.isEmpty()) b.append("(no application frame);");
                Object api = site.get("api");
                if (api != null) b.append(clean(api.toString())).append(';');
                b.append(clean(kind.get("name").toString())).append(' ').append(calls);
                out.add(b.toString());
            }
        }
        return out;
    }

    public static void write(Path file, List<Map<String, Object>> syscalls) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : lines(syscalls)) b.append(line).append('\n');
        OwnFiles.replace(file.toFile(), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** ';' separates frames and a line break ends a stack: neither may appear inside a frame. */
    private static String clean(String frame) { return frame.replace(';', ':').replace('\n', ' ').replace('\r', ' '); }
}
