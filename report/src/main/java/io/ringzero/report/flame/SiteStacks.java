package io.ringzero.report.flame;

import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.List;

/**
 * The call sites of a run file as collapsed stacks, the input of the call-site flame graph: application frames
 * root first, then the JDK method called, then the syscall kind, weighted by the site's calls.
 */
final class SiteStacks {

    private SiteStacks() {
    }

    static List<String> lines(Run run) {
        List<String> out = new ArrayList<>();
        if (run.syscalls() == null) {
            return out;
        }
        for (Run.Syscall kind : run.syscalls()) {
            if (kind.sites() == null) {
                continue;
            }
            for (Run.Site site : kind.sites()) {
                if (site == null || site.calls() <= 0) {
                    continue;
                }
                StringBuilder b = new StringBuilder();
                List<String> frames = site.frames() == null ? List.of() : site.frames();
                for (int i = frames.size() - 1; i >= 0; i--) {
                    b.append(clean(frames.get(i))).append(';');
                }
                if (frames.isEmpty()) {
                    b.append("(no application frame);");
                }
                if (site.api() != null) {
                    b.append(clean(site.api())).append(';');
                }
                out.add(b.append(clean(kind.name())).append(' ').append(site.calls()).toString());
            }
        }
        return out;
    }

    /** ';' separates frames and a line break ends a stack: neither may appear inside a frame. */
    static String clean(String frame) {
        return String.valueOf(frame).replace(';', ':').replace('\n', ' ').replace('\r', ' ');
    }
}
