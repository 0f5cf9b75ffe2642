package io.ringzero.report.runfile;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run files the real agent wrote, on JDK 17 and 25 (runs/agent/regenerate.sh writes them anew): the reader maps
 * every section, and derives the profile's figures from its stacks.
 */
class RealRunFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"17", "25"})
    void readsWhatTheAgentWrote(String jdk) {
        LoadedRun lr = Fixtures.load("agent/jdk" + jdk);
        Run r = lr.run();

        assertThat(r.schema()).isEqualTo("ringzero.run/2");
        assertThat(r.isFinal()).isTrue();
        assertThat(r.process().jvm().version()).startsWith(jdk + ".");
        assertThat(r.agent().depth()).isEqualTo(4);
        assertThat(r.cpu().now().userS()).isPositive();
        // Writes.java: 20,000 one-byte writes and reads to a file of its own, then writes to /dev/null for a second
        Run.Syscall write = kind(r, "write");
        Run.Syscall read = kind(r, "read");
        assertThat(write.calls()).isGreaterThan(20_000);
        assertThat(read.calls()).isGreaterThanOrEqualTo(20_000);
        assertThat(write.sites()).anySatisfy(s -> assertThat(s.frames().get(0)).startsWith("Writes.main("));
        assertThat(write.sites()).allSatisfy(s -> assertThat(s.frames()).hasSizeLessThanOrEqualTo(4));
        assertThat(r.totals().calls()).isEqualTo(r.syscalls().stream().mapToLong(Run.Syscall::calls).sum());
        assertThat(r.agentOwn().syscalls()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"17", "25"})
    void theSitesNameTheFilesTheirCallsUsed(String jdk) {
        Run r = Fixtures.load("agent/jdk" + jdk).run();
        // Writes.java writes and reads its own temporary file 20,000 times each, then writes to /dev/null
        for (String kind : List.of("write", "read")) {
            List<Run.Resource> fixture = kind(r, kind).sites().stream().flatMap(s -> s.resources().stream())
                    .filter(x -> x.resource().matches("/tmp/ringzero-fixture\\d+\\.bin")).toList();
            assertThat(fixture).as(kind).hasSize(1);
            Run.Resource f = fixture.get(0);
            long error = f.walked() >= f.calls() ? 0 : Math.round(2 * f.calls() / Math.sqrt(f.walked()));
            assertThat(Math.abs(f.calls() - 20_000)).as("%s: %s", kind, f).isLessThanOrEqualTo(error);
        }
        assertThat(kind(r, "write").sites()).anySatisfy(s -> assertThat(s.resources())
                .anySatisfy(x -> assertThat(x.resource()).isEqualTo("/dev/null")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"17", "25"})
    void theProfilesFiguresComeFromItsStacks(String jdk) {
        Run.Profile p = Fixtures.load("agent/jdk" + jdk).run().profile();

        assertThat(p.status()).isEqualTo("stopped");
        assertThat(p.stacks()).isNotEmpty();
        long inStacks = p.stacks().stream().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(inStacks).isEqualTo(p.samples());
        if (Boolean.TRUE.equals(p.kernelFrames())) {
            assertThat(p.kernelSamples()).isPositive().isLessThanOrEqualTo(p.samples());
            assertThat(p.kernelShare()).isEqualTo(Math.round(1e6 * p.kernelSamples() / (double) p.samples()) / 1e6);
            assertThat(p.entryExitSamples() + p.exitWorkSamples() + p.bodySamples() + p.otherKernelSamples())
                    .isEqualTo(p.kernelSamples());
            assertThat(p.bySyscall()).anySatisfy(s -> assertThat(s.name()).isEqualTo("write"));
        } else {
            assertThat(p.kernelSamples()).isNull();
        }
    }

    private static Run.Syscall kind(Run r, String name) {
        return r.syscalls().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
