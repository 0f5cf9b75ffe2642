package io.ringzero.report.check;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeccompPaddingTest {

    @Test
    void everyPaddingInstructionLoadsTheFirstArgumentAndTheLastAllows() {
        byte[] program = new SeccompPadding(3).program();
        assertThat(program).hasSize(4 * 8);
        ByteBuffer b = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 3; i++) {
            assertThat(b.getShort()).isEqualTo((short) 0x20);   // BPF_LD | BPF_W | BPF_ABS
            assertThat(b.get()).isZero();
            assertThat(b.get()).isZero();
            assertThat(b.getInt()).isEqualTo(16);               // offsetof(seccomp_data, args[0])
        }
        assertThat(b.getShort()).isEqualTo((short) 0x06);       // BPF_RET | BPF_K
        b.getShort();
        assertThat(b.getInt()).isEqualTo(0x7fff0000);           // SECCOMP_RET_ALLOW
    }

    @Test
    void aFilterHoldsAtMost4096Instructions() {
        assertThat(new SeccompPadding(4095).instructions()).isEqualTo(4096);
        assertThatThrownBy(() -> new SeccompPadding(4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeccompPadding(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeltaBeyondOneFilterStacksEqualFilters() {
        assertThat(AddedCost.forDelta(0, 0.2).loadsPerFilter()).isEmpty();
        assertThat(AddedCost.forDelta(400, 0.2).loadsPerFilter()).containsExactly(2000);
        AddedCost big = AddedCost.forDelta(1700, 0.2);     // 8500 loads
        assertThat(big.loadsPerFilter()).containsExactly(2834, 2833, 2833);
        assertThat(big.loads()).isEqualTo(8500);
        assertThatThrownBy(() -> AddedCost.forDelta(1e6, 0.2)).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("stacked filters");
    }

    @Test
    void theTestJvmRunsWithoutAFilter() {
        // Everything in this JVM (tests, and the orchestrator in the ITs) must stay unfiltered.
        assertThat(SeccompStatus.ofSelf().mode()).isZero();
        assertThat(SeccompStatus.ofSelf().filters()).isZero();
    }
}
