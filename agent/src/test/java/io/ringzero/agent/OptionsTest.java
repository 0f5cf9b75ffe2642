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
}
