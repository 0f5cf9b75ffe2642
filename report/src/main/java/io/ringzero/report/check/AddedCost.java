package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * One added cost: the delta asked for and the stacked filters that should give it.
 *
 * @param nominalNs       the delta per syscall asked for
 * @param loadsPerFilter  padding loads of each filter, none for delta 0
 */
public record AddedCost(@JsonProperty("nominal_ns") double nominalNs,
                        @JsonProperty("loads_per_filter") List<Integer> loadsPerFilter) {

    public AddedCost {
        loadsPerFilter = List.copyOf(loadsPerFilter);
    }

    /**
     * The filters for a delta, given what one padding load costs here. A filter holds at most 4095 loads,
     * so larger deltas stack filters of equal size.
     */
    public static AddedCost forDelta(double nominalNs, double nsPerLoad) {
        long total = Math.round(nominalNs / nsPerLoad);
        if (total <= 0) {
            return new AddedCost(nominalNs, List.of());
        }
        int filters = (int) ((total + SeccompPadding.MAX_LOADS - 1) / SeccompPadding.MAX_LOADS);
        if (filters > 7) {
            // The kernel caps all stacked filters of a process at 32768 instructions.
            throw new CheckFailure(2, String.format(java.util.Locale.ROOT,
                    "a delta of %.0f ns needs %d padding loads here (%.2f ns each), more than 7 stacked filters allow",
                    nominalNs, total, nsPerLoad));
        }
        List<Integer> loads = new ArrayList<>();
        long left = total;
        for (int f = filters; f > 0; f--) {
            int k = (int) Math.ceil(left / (double) f);
            loads.add(k);
            left -= k;
        }
        return new AddedCost(nominalNs, loads);
    }

    public int loads() {
        return loadsPerFilter.stream().mapToInt(Integer::intValue).sum();
    }

    public String launcherArgument() {
        return String.join(",", loadsPerFilter.stream().map(String::valueOf).toList());
    }
}
