package io.ringzero.workloads.wisconsin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's command line, run in this JVM against an in-memory database. */
class WisconsinClientTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int client(String... args) {
        return WisconsinClient.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void loadsRunsAndPrintsOneSummaryLine() {
        String url = "jdbc:h2:mem:client1;DB_CLOSE_DELAY=-1";

        int first = client("--url", url, "--loops", "2", "--scale", "small", "--progress");
        String firstOut = out.toString(StandardCharsets.UTF_8);
        out.reset();
        int second = client("--url", url, "--loops", "1", "--scale", "small");

        assertThat(first).isZero();
        assertThat(firstOut.lines().toList()).singleElement().asString()
                .startsWith("wisconsin: scale=small loops=2 queries=" + (2 * 10 + 14 + 13) + " rows=" + 2 * 1_522 + " ")
                .contains("loaded=now");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wisconsin: loop 2 of 2,").contains("ETA");
        assertThat(second).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("loops=1 ").contains("loaded=before");
    }

    @Test
    void sqlErrorsExitWithOneAndOneLine() {
        // Nothing listens on port 1, so connecting fails.
        int exit = client("--url", "jdbc:h2:tcp://127.0.0.1:1/nothing", "--loops", "1");

        assertThat(exit).isEqualTo(1);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).singleElement().asString().startsWith("wisconsin client: ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertThat(client("--loops", "3")).isEqualTo(2);
        assertThat(client("--url", "jdbc:h2:mem:x", "--loops", "-1")).isEqualTo(2);
        assertThat(client("--url", "jdbc:h2:mem:x", "--scale", "huge")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url is required").contains("unknown scale");
    }
}
