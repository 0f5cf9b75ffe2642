package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;

import java.util.Map;
import java.util.stream.Collectors;

/** What every format shows of the kernel-recorded stacks. */
final class StackLines {
    /** Stacks shown per category. */
    static final int PER_CATEGORY = 3;

    private StackLines() {
    }

    /** "libnetty_transport_native_epoll_x86_64.so 81,234, libjnidispatch.so 2,000", most calls first. */
    static String libraries(Attribution a) {
        return a.libraries().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + Fmt.count(e.getValue())).collect(Collectors.joining(", "));
    }
}
