package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's JFR events: io.ringzero.Syscalls every period, whose calls add up to its totals and to the run file's
 * counts, and io.ringzero.SyscallSite with the stack of the call; nothing of it when no recording runs.
 */
class JfrIT {
    private static final int N = 2000;
    /**
     * JFR's shutdown hook may write its recording with a pwrite64 of its own before the agent's final write (the two
     * hooks run at once): the run file then holds the workload's calls and that one.
     */
    private static final String JFR_AT_EXIT = "the workload's pwrite64 calls, and perhaps JFR's one at exit";
    private static final String KIND = "pwrite64";
    private static final String JFR = Paths.get(System.getProperty("java.home"), "bin", "jfr").toString();
    private static final String JCMD = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();

    @Test
    void periodicEventsAddUpToTheRunFileAndSitesCarryTheStack(@TempDir Path tmp) throws Exception {
        Path jfr = tmp.resolve("r.jfr");
        ChildJvm.Result r = ChildJvm.run(tmp, List.of(), List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=default"),
                "out=@RUN,interval=0,quiet,profile=off", "paced-pwrites", String.valueOf(N), tmp.resolve("d").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.agentCalls().get(KIND)).as(JFR_AT_EXIT).isBetween((long) N, N + 1L);

        // the workload is idle for 2.5 s at its end: the last event's totals are the run file's
        List<JsonNode> events = syscallsEvents(jfr, KIND);
        assertThat(events.stream().filter(e -> e.get("calls").asLong() > 0).count()).as("periods with calls").isGreaterThanOrEqualTo(2);
        assertAddUp(events, N);
        assertThat(medianGapMs(events)).as("default period 1 s").isBetween(800L, 1300L);

        List<RecordedEvent> sites = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("io.ringzero.SyscallSite") && KIND.equals(e.getString("kind"))) sites.add(e);
        }
        assertThat(sites).isNotEmpty();
        for (RecordedEvent e : sites) {
            assertThat(e.getString("api")).isEqualTo("sun.nio.ch.FileChannelImpl.write");
            assertThat(e.getLong("calls")).isPositive();
            assertThat(e.getThread().getJavaName()).isEqualTo("main");
        }
        // the stack JFR recorded is the call's: the workload's own frame is in it
        assertThat(sites).anySatisfy(e -> assertThat(methods(e)).anyMatch(m -> m.startsWith(IoOperation.class.getName() + ".")));
    }

    /** A recording started later with jcmd: the events appear then, at the period its settings give. */
    @Test
    void recordingStartedLaterWithItsOwnPeriod(@TempDir Path tmp) throws Exception {
        Path jfr = tmp.resolve("late.jfr"), run = tmp.resolve("run.json");
        Path jfc = Files.writeString(tmp.resolve("rz.jfc"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
                + "  <event name=\"io.ringzero.Syscalls\"><setting name=\"enabled\">true</setting><setting name=\"period\">200 ms</setting></event>\n"
                + "  <event name=\"io.ringzero.SyscallSite\"><setting name=\"enabled\">true</setting><setting name=\"stackTrace\">true</setting></event>\n"
                + "</configuration>\n");
        int n = 3000; // about 3.5 s of writes, then 2.5 s idle
        Process p = new ProcessBuilder(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT + "=out=" + run + ",interval=0,quiet,profile=off",
                "-cp", ChildJvm.CLASSES, IoWorkload.class.getName(), "paced-pwrites", String.valueOf(n), tmp.resolve("d").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        Thread.sleep(1500);
        Process jcmd = new ProcessBuilder(JCMD, String.valueOf(p.pid()), "JFR.start", "settings=" + jfc, "filename=" + jfr, "dumponexit=true")
                .redirectErrorStream(true).start();
        String jcmdOut = new String(jcmd.getInputStream().readAllBytes());
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out.txt"))).isZero();
        assertThat(jcmdOut).contains("Started recording");

        long inRunFile = 0;
        for (JsonNode s : new ObjectMapper().readTree(run.toFile()).get("syscalls")) if (s.get("name").asText().equals(KIND)) inRunFile = s.get("calls").asLong();
        assertThat(inRunFile).as(JFR_AT_EXIT).isBetween((long) n, n + 1L);
        List<JsonNode> events = syscallsEvents(jfr, KIND);
        // the first event holds the calls made before the recording: it is the first since the agent started
        assertThat(events.get(0).get("calls").asLong()).isPositive().isLessThan(n);
        assertAddUp(events, n);
        assertThat(medianGapMs(events)).as("period 200 ms from the settings").isBetween(100L, 400L);
    }

    /** Without a recording: Flight Recorder is never initialised and the agent's event classes never load. */
    @Test
    void nothingOfJfrWithoutARecording(@TempDir Path tmp) throws Exception {
        Path classes = tmp.resolve("classes.txt");
        ChildJvm.Result r = ChildJvm.run(tmp, List.of(), List.of("-Xlog:class+load=info:file=" + classes),
                "out=@RUN,interval=0,quiet,profile=off", "paced-pwrites", "200", tmp.resolve("d").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.agentCalls()).containsEntry(KIND, 200L);
        String loaded = Files.readString(classes);
        // the listener is registered (so the agent would see a recording start) ...
        assertThat(loaded).contains("io.ringzero.agent.live.JfrEvents ");
        // ... but what a started Flight Recorder loads is absent, and so are the agent's events and periodic hook
        for (String c : List.of("jdk.jfr.internal.MetadataRepository", "jdk.jfr.internal.Repository", "io.ringzero.agent.live.SyscallsEvent",
                "io.ringzero.agent.live.SyscallSiteEvent", "io.ringzero.agent.live.SyscallsPeriod", "io.ringzero.agent.live.JfrSiteListener")) {
            assertThat(loaded).as(c).doesNotContain(c + " ");
        }
    }

    /** Per period, calls add up to the last event's total, which is {@code n}; bytes too (16 a call); no errors. */
    private static void assertAddUp(List<JsonNode> events, long n) {
        long calls = 0, bytes = 0;
        for (JsonNode e : events) {
            calls += e.get("calls").asLong();
            bytes += e.get("bytes").asLong();
            assertThat(e.get("errors").asLong()).isZero();
            assertThat(e.get("totalCalls").asLong()).as("running total").isEqualTo(calls);
        }
        JsonNode last = events.get(events.size() - 1);
        assertThat(calls).isEqualTo(last.get("totalCalls").asLong()).isEqualTo(n);
        assertThat(bytes).isEqualTo(last.get("totalBytes").asLong()).isEqualTo(16 * n);
    }

    /** The io.ringzero.Syscalls events of one kind, oldest first, as {@code jfr print --json} gives their values. */
    private static List<JsonNode> syscallsEvents(Path jfr, String kind) throws Exception {
        Process p = new ProcessBuilder(JFR, "print", "--json", "--events", "io.ringzero.Syscalls", jfr.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as(new String(out)).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : new ObjectMapper().readTree(out).get("recording").get("events")) {
            if (e.get("values").get("kind").asText().equals(kind)) events.add(e.get("values"));
        }
        events.sort(Comparator.comparing(e -> Instant.parse(e.get("startTime").asText())));
        assertThat(events).as("io.ringzero.Syscalls events of " + kind).hasSizeGreaterThanOrEqualTo(3);
        return events;
    }

    private static long medianGapMs(List<JsonNode> events) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < events.size(); i++) {
            gaps.add(Duration.between(Instant.parse(events.get(i - 1).get("startTime").asText()), Instant.parse(events.get(i).get("startTime").asText())).toMillis());
        }
        gaps.sort(null);
        return gaps.get(gaps.size() / 2);
    }

    private static List<String> methods(RecordedEvent e) {
        List<String> m = new ArrayList<>();
        for (RecordedFrame f : e.getStackTrace().getFrames()) m.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
        return m;
    }
}
