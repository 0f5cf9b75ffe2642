package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A site with one call, on a thread that made 100,000 calls of the same kind before it: stack walks sampled
 * one call in 16,384 would miss it, unless it happened to fall on a sample. It writes to a stream or channel
 * of its own, whose first calls are always walked; the estimates of all sites still add up to the exact count.
 */
class CallSitesIT {
    @ParameterizedTest
    @CsvSource({"rare-site, rareWrite, busyWrites, write", "rare-site-channel, rareChannelWrite, busyChannelWrites, write"})
    void aRareSiteOnItsOwnStreamIsNotLostAmongBusyOnes(String op, String rare, String busy, String kind, @TempDir Path tmp) throws Exception {
        ChildJvm.Result r = ChildJvm.run(tmp, "out=@RUN,interval=0,quiet,profile=off", false, op, "100000", tmp.resolve("data").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        JsonNode write = null;
        for (JsonNode s : r.run().get("syscalls")) if (s.get("name").asText().equals(kind)) write = s;
        assertThat(write).isNotNull();

        JsonNode rareSite = site(write, rare), busySite = site(write, busy);
        assertThat(rareSite).as("a site through %s in %s", rare, write.get("sites")).isNotNull();
        assertThat(rareSite.get("walked").asLong()).isBetween(1L, 4L);
        assertThat(rareSite.get("calls").asLong()).isEqualTo(1);
        assertThat(busySite.get("calls").asLong()).isBetween(190_000L, 210_000L);
        long sum = 0;
        for (JsonNode s : write.get("sites")) sum += s.get("calls").asLong();
        assertThat(sum).isBetween(write.get("calls").asLong() - 2, write.get("calls").asLong() + 2); // each estimate rounded
    }

    private static JsonNode site(JsonNode syscall, String method) {
        for (JsonNode s : syscall.get("sites")) {
            if (s.get("frames").size() > 0 && s.get("frames").get(0).asText().contains("." + method + "(")) return s;
        }
        return null;
    }
}
