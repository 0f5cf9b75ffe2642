package io.ringzero.workloads.wisconsin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WisconsinGeneratorTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 1_000, 10_000, 100_000})
    void unique1IsAPermutationOfZeroToNMinusOne(int rows) {
        int[] unique1 = WisconsinGenerator.forRows(rows).unique1ByUnique2();

        assertThat(unique1).hasSize(rows);
        assertThat(Arrays.stream(unique1).sorted().toArray()).isEqualTo(IntStream.range(0, rows).toArray());
    }

    @Test
    void unique1IsShuffledAndReproducible() {
        int[] first = WisconsinGenerator.forRows(10_000).unique1ByUnique2();
        int[] again = WisconsinGenerator.forRows(10_000).unique1ByUnique2();
        int[] otherSeed = WisconsinGenerator.forRows(10_000, 17).unique1ByUnique2();

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(Arrays.stream(otherSeed).sorted().toArray()).isEqualTo(IntStream.range(0, 10_000).toArray());
        long inPlace = IntStream.range(0, first.length).filter(i -> first[i] == i).count();
        assertThat(inPlace).as("tuples whose unique1 equals unique2").isLessThan(100);
    }

    @Test
    void handbookSequenceStartsAsOtherImplementationsDo() {
        // With generator 279 and prime 1009 the Handbook sequence for a 1,000-tuple relation starts
        // 279*279 mod 1009 = 148, then 148*279 mod 1009 = 932, so unique1 starts 147, 931.
        int[] unique1 = WisconsinGenerator.forRows(1_000).unique1ByUnique2();

        assertThat(unique1[0]).isEqualTo(147);
        assertThat(unique1[1]).isEqualTo(931);
    }

    @Test
    void attributesFollowTheirDefinitions() {
        for (WisconsinTuple t : WisconsinGenerator.forRows(10_000).relation()) {
            int u = t.unique1();
            assertThat(t.two()).isEqualTo(u % 2);
            assertThat(t.four()).isEqualTo(u % 4);
            assertThat(t.ten()).isEqualTo(u % 10);
            assertThat(t.twenty()).isEqualTo(u % 20);
            assertThat(t.onePercent()).isEqualTo(u % 100);
            assertThat(t.tenPercent()).isEqualTo(u % 10);
            assertThat(t.twentyPercent()).isEqualTo(u % 5);
            assertThat(t.fiftyPercent()).isEqualTo(u % 2);
            assertThat(t.unique3()).isEqualTo(u);
            assertThat(t.evenOnePercent()).isEqualTo((u % 100) * 2);
            assertThat(t.oddOnePercent()).isEqualTo((u % 100) * 2 + 1);
            assertThat(t.stringu1()).isEqualTo(WisconsinGenerator.uniqueString(u));
            assertThat(t.stringu2()).isEqualTo(WisconsinGenerator.uniqueString(t.unique2()));
        }
    }

    @Test
    void unique2IsSequential() {
        WisconsinTuple[] r = WisconsinGenerator.forRows(1_000).relation();

        assertThat(r).hasSize(1_000);
        for (int i = 0; i < r.length; i++) {
            assertThat(r[i].unique2()).isEqualTo(i);
        }
    }

    @Test
    void uniqueStringsAreSevenBase26LettersThenFortyFiveX() {
        assertThat(WisconsinGenerator.uniqueString(0)).isEqualTo("AAAAAAA" + "x".repeat(45));
        assertThat(WisconsinGenerator.uniqueString(1)).isEqualTo("AAAAAAB" + "x".repeat(45));
        assertThat(WisconsinGenerator.uniqueString(25)).startsWith("AAAAAAZx");
        assertThat(WisconsinGenerator.uniqueString(26)).startsWith("AAAAABAx");
        // 1888 = 2*26^2 + 20*26 + 16 -> C U Q
        assertThat(WisconsinGenerator.uniqueString(1888)).startsWith("AAAACUQx");
        assertThat(WisconsinGenerator.uniqueString(9999)).hasSize(52).matches("[A-Z]{7}x{45}");
    }

    @Test
    void string4CyclesFourValuesByPosition() {
        WisconsinTuple[] r = WisconsinGenerator.forRows(100).relation();

        assertThat(r[0].string4()).isEqualTo("AAAA" + "x".repeat(48));
        assertThat(r[1].string4()).isEqualTo("HHHH" + "x".repeat(48));
        assertThat(r[2].string4()).isEqualTo("OOOO" + "x".repeat(48));
        assertThat(r[3].string4()).isEqualTo("VVVV" + "x".repeat(48));
        assertThat(r[4].string4()).isEqualTo(r[0].string4());
        assertThat(Arrays.stream(r).filter(t -> t.string4().startsWith("HHHH")).count()).isEqualTo(25);
    }

    @Test
    void rejectsSizesAndSeedsOutsideTheHandbookTable() {
        assertThatThrownBy(() -> WisconsinGenerator.forRows(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WisconsinGenerator.forRows(2_000_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WisconsinGenerator.forRows(1_000, 1_009)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WisconsinGenerator.uniqueString(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
