package io.ringzero.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void defaults() {
        Options o = Options.parse(null, 42);
        assertThat(o.out).isEqualTo("ringzero-42.json");
        assertThat(o.interval).isEqualTo(5.0);
        assertThat(o.depth).isEqualTo(8);
        assertThat(o.sites).isTrue();
        assertThat(o.quiet).isFalse();
    }

    @Test
    void parsesEveryKey() {
        Options o = Options.parse("out=/tmp/x.json,interval=0.5,depth=3,sites=off,sample=256,first=4,latency=1,quiet", 1);
        assertThat(o.out).isEqualTo("/tmp/x.json");
        assertThat(o.interval).isEqualTo(0.5);
        assertThat(o.depth).isEqualTo(3);
        assertThat(o.sites).isFalse();
        assertThat(o.sample).isEqualTo(256);
        assertThat(o.first).isEqualTo(4);
        assertThat(o.latency).isEqualTo(1);
        assertThat(o.quiet).isTrue();
        assertThat(o.given).containsEntry("depth", "3").containsKey("quiet");
    }

    @Test
    void unknownKeyNamesItAndTheAcceptedOnes() {
        assertThatThrownBy(() -> Options.parse("outt=x", 1))
                .hasMessageContaining("unknown option 'outt'").hasMessageContaining("interval=SECONDS");
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAccepted() {
        assertThatThrownBy(() -> Options.parse("interval=soon", 1)).hasMessageContaining("'soon'").hasMessageContaining("'interval'");
        assertThatThrownBy(() -> Options.parse("depth=0", 1)).hasMessageContaining("from 1 to 64");
        assertThatThrownBy(() -> Options.parse("sample=1000", 1)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> Options.parse("sites=maybe", 1)).hasMessageContaining("on or off");
        assertThatThrownBy(() -> Options.parse("out", 1)).hasMessageContaining("needs a value");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotSilentlyOverridden() {
        assertThatThrownBy(() -> Options.parse("depth=3,depth=5", 1)).hasMessageStartingWith("option 'depth' given twice");
        assertThatThrownBy(() -> Options.parse("quiet,quiet", 1)).hasMessageStartingWith("option 'quiet' given twice");
    }

    @Test
    void anIntervalThatRoundsToNothingIsRefused() {
        assertThatThrownBy(() -> Options.parse("interval=1e-300", 1))
                .hasMessage("bad value '1e-300' for option 'interval' (accepted: 0 (only at exit) or a number of seconds "
                        + "from 0.1 to 86400)");
        assertThatThrownBy(() -> Options.parse("interval=0.0001", 1)).hasMessageContaining("from 0.1 to 86400");
        assertThatThrownBy(() -> Options.parse("interval=NaN", 1)).hasMessageContaining("'NaN'");
        assertThat(Options.parse("interval=0", 1).interval).isZero();
        assertThat(Options.parse("interval=0.1", 1).interval).isEqualTo(0.1);
    }

    @Test
    void profileOptions() {
        Options d = Options.parse(null, 1);
        assertThat(d.profile).isEqualTo("cpu");
        assertThat(d.profileIntervalNs).isEqualTo(10_000_000L);
        assertThat(d.profileLib).isNull();
        Options o = Options.parse("profile=ctimer,profile_interval=500us,profile_lib=/x/libasyncProfiler.so", 1);
        assertThat(o.profile).isEqualTo("ctimer");
        assertThat(o.profileIntervalNs).isEqualTo(500_000L);
        assertThat(o.profileLib).isEqualTo("/x/libasyncProfiler.so");
        assertThat(Options.parse("profile_interval=1ms", 1).profileIntervalNs).isEqualTo(1_000_000L);
        assertThat(Options.parse("profile_interval=0.5s", 1).profileIntervalNs).isEqualTo(500_000_000L);
        assertThat(Options.parse("profile_interval=2000000", 1).profileIntervalNs).isEqualTo(2_000_000L);
        assertThat(Options.parse("profile=off", 1).profile).isEqualTo("off");
    }

    @Test
    void badProfileValuesAreOneLine() {
        assertThatThrownBy(() -> Options.parse("profile=perf", 1))
                .hasMessage("bad value 'perf' for option 'profile' (accepted: cpu or ctimer or itimer or off)");
        assertThatThrownBy(() -> Options.parse("profile_interval=10", 1)).hasMessageContaining("'profile_interval'").hasMessageContaining("100us to 1s");
        assertThatThrownBy(() -> Options.parse("profile_interval=fast", 1)).hasMessageContaining("'fast'");
        assertThatThrownBy(() -> Options.parse("profile_interval=2s", 1)).hasMessageContaining("100us to 1s");
        assertThatThrownBy(() -> Options.parse("profile_lib", 1)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse("profiler=cpu", 1)).hasMessageContaining("profile=cpu|ctimer|itimer|off");
    }
}
