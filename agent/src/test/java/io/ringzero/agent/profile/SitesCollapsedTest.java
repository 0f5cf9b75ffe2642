package io.ringzero.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitesCollapsedTest {
    static Map<String, Object> site(long calls, String api, String... frames) {
        Map<String, Object> s = new HashMap<>();
        s.put("calls", calls);
        s.put("api", api);
        s.put("frames", Arrays.asList(frames));
        return s;
    }

    static Map<String, Object> kind(String name, Map<String, Object>... sites) {
        Map<String, Object> k = new HashMap<>();
        k.put("name", name);
        k.put("sites", List.of(sites));
        return k;
    }

    @Test
    @SuppressWarnings("unchecked")
    void rootFirstWithApiAndKindAsLeaves(@TempDir Path tmp) throws Exception {
        List<Map<String, Object>> syscalls = List.of(
                kind("write", site(20000, "java.io.FileOutputStream.write", "com.example.W.run(W.java:42)", "com.example.Main.main(Main.java:7)"),
                        site(0, "java.io.FileOutputStream.write", "com.example.Rare.x(Rare.java:1)")),
                kind("openat", site(3, null), site(2, "java.io.FileInputStream.<init>", "a.B.c(B.java:1;odd)")));
        assertThat(SitesCollapsed.lines(syscalls)).containsExactly(
                "com.example.Main.main(Main.java:7);com.example.W.run(W.java:42);java.io.FileOutputStream.write;write 20000",
                "(no application frame);openat 3",
                "a.B.c(B.java:1:odd);java.io.FileInputStream.<init>;openat 2");
        Path f = tmp.resolve("run.json.sites.collapsed");
        SitesCollapsed.write(f, syscalls);
        assertThat(Files.readAllLines(f)).hasSize(3).allMatch(l -> l.matches("^.+ \\d+$"));
        SitesCollapsed.write(f, List.of());
        assertThat(Files.size(f)).isZero();
    }
}
