package io.ringzero.report.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A native library's own syscalls, placed by their stacks: SQLite through sqlite-jdbc, whose JNI library holds SQLite
 * and makes its file syscalls itself (compiled without frame pointers). The oracle is {@code strace -f -k}, which
 * unwinds each traced call with the libraries' DWARF tables, on a run of the same program: per kind, the calls whose
 * stack holds the library. RingZero's {@code native_library} count of each kind must be within 5 % of it (in a run
 * here: pwrite64 3,006 against 3,004, fsync 1,204 / 1,197, fcntl 3,901 / 3,903, unlink 301 / 301, openat 601 / 631;
 * {@code fcntl} goes through two functions of libc, whose frames lie between the call and SQLite's return address).
 */
class NativeLibraryIT {

    static final String SOURCE = """
            import java.sql.Connection;
            import java.sql.DriverManager;
            import java.sql.PreparedStatement;

            public class SqliteCommits {
                public static void main(String[] args) throws Exception {
                    int n = Integer.parseInt(args[1]);
                    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0])) {
                        c.createStatement().execute("create table if not exists t (k integer primary key, v text)");
                        try (PreparedStatement p = c.prepareStatement("insert into t (v) values (?)")) {
                            for (int i = 0; i < n; i++) {
                                p.setString(1, "value " + i);
                                p.executeUpdate(); // a transaction each: the journal written, synced and deleted
                            }
                        }
                    }
                }
            }
            """;
    /** SQLite's kinds of a commit: what strace traces (and unwinds) on the oracle's run. */
    static final List<String> KINDS = List.of("pwrite64", "fsync", "fcntl", "unlink", "openat");
    static final int COMMITS = 300;

    static Path agent;
    static Path dir;
    static String classpath;

    @BeforeAll
    static void compile() throws Exception {
        Processes.assumeBpftrace(true);
        agent = Processes.agentJarOrSkip();
        dir = Processes.itDir("native-library");
        String sqlite = Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path classes = Processes.compile(dir, "SqliteCommits", SOURCE);
        classpath = classes + ":" + sqlite;
    }

    @Test
    void sqlitesOwnCallsAreItsLibrarysWithinFivePerCentOfStrace() throws Exception {
        Path out = dir.resolve("ringzero");
        Files.deleteIfExists(dir.resolve("rz.db"));
        Processes p = Processes.run(dir, 600, Processes.cli("run", "-o", out.toString(), "--agent", agent.toString(),
                "--oracle", "bpftrace", "--no-model", "--", Processes.java(), "-cp", classpath, "SqliteCommits",
                dir.resolve("rz.db").toString(), Integer.toString(COMMITS)));
        assertThat(p.exit()).as(p.toString()).isZero();
        JsonNode coverage = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).at("/views/0/coverage");
        // the unpacked copy's random part is not in the library's name
        assertThat(coverage.get("by_library").fieldNames()).toIterable().anySatisfy(l -> assertThat(l).matches("sqlite-[0-9.]+-libsqlitejdbc\\.so"));
        Map<String, Long> ringzero = new HashMap<>();
        for (JsonNode k : coverage.get("by_kind")) {
            ringzero.put(k.get("name").asText(), k.at("/by_category/native_library").asLong());
        }

        Files.deleteIfExists(dir.resolve("st.db"));
        Path trace = dir.resolve("strace.txt");
        Processes s = Processes.run(dir, 600, List.of("strace", "-f", "-k", "-o", trace.toString(), "-e", "trace=" + String.join(",", KINDS),
                Processes.java(), "-cp", classpath, "SqliteCommits", dir.resolve("st.db").toString(), Integer.toString(COMMITS)));
        assertThat(s.exit()).as(s.toString()).isZero();
        Map<String, Long> strace = callsWithFrameIn(Files.readAllLines(trace, StandardCharsets.UTF_8), "libsqlitejdbc");

        assertThat(strace.get("fsync")).as("strace's fsyncs in SQLite").isGreaterThanOrEqualTo(COMMITS);
        for (String kind : KINDS) {
            long expected = strace.getOrDefault(kind, 0L);
            long found = ringzero.getOrDefault(kind, 0L);
            assertThat(found).as("%s: RingZero's native_library against strace -k's %d", kind, expected)
                    .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
        }
    }

    /** Per kind, the calls with a frame in the library. */
    static Map<String, Long> callsWithFrameIn(List<String> lines, String library) {
        return callsWithFrame(lines, f -> f.contains(library));
    }

    /** Per kind, the calls with a frame the test accepts. */
    static Map<String, Long> callsWithFrame(List<String> lines, java.util.function.Predicate<String> frame) {
        return callsWithStack(lines, frames -> frames.stream().anyMatch(frame));
    }

    /** Per kind, the calls whose stack (strace's frame lines, innermost first) the test accepts. */
    static Map<String, Long> callsWithStack(List<String> lines, java.util.function.Predicate<List<String>> stack) {
        Map<String, Long> counts = new HashMap<>();
        for (StraceStacks.Call c : StraceStacks.calls(lines)) {
            if (stack.test(c.frames())) {
                counts.merge(c.kind(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
