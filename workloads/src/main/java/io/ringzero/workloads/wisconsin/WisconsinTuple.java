package io.ringzero.workloads.wisconsin;

/**
 * One tuple of a Wisconsin relation, with the Handbook's sixteen attributes. Every attribute but
 * unique2 and string4 derives from unique1, so {@link #of} is all a loader or an insert needs.
 */
public record WisconsinTuple(
        int unique1,
        int unique2,
        int two,
        int four,
        int ten,
        int twenty,
        int onePercent,
        int tenPercent,
        int twentyPercent,
        int fiftyPercent,
        int unique3,
        int evenOnePercent,
        int oddOnePercent,
        String stringu1,
        String stringu2,
        String string4) {

    public static WisconsinTuple of(int unique1, int unique2) {
        int onePercent = unique1 % 100;
        return new WisconsinTuple(
                unique1,
                unique2,
                unique1 % 2,
                unique1 % 4,
                unique1 % 10,
                unique1 % 20,
                onePercent,
                unique1 % 10,
                unique1 % 5,
                unique1 % 2,
                unique1,
                onePercent * 2,
                onePercent * 2 + 1,
                WisconsinGenerator.uniqueString(unique1),
                WisconsinGenerator.uniqueString(unique2),
                WisconsinGenerator.string4(unique2));
    }
}
