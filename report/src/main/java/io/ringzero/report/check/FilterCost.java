package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What the dial's filters add per syscall here, pooled over every filtered run of a check:
 * delta = perFilter x filters + perLoad x loads, fitted by least squares through the origin (no filter,
 * no delta).
 *
 * <p>Why pooled: one launcher times getppid for a fraction of a second before and after installing its
 * filters, on a machine others share; its difference is noisier than the workload's response, and
 * noise in the dial's x would flatten the fitted slope (errors in variables). The pooled line uses all
 * runs' measurements for two numbers.
 */
public record FilterCost(@JsonProperty("per_filter_ns") double perFilterNs,
                         @JsonProperty("per_load_ns") double perLoadNs,
                         @JsonProperty("per_load_se_ns") double perLoadSeNs,
                         @JsonProperty("runs") int runs) {

    public double deltaNs(int filters, int loads) {
        return filters == 0 ? 0 : perFilterNs * filters + perLoadNs * loads;
    }

    /** Null when the runs cannot separate the two costs (fewer than 3 filtered runs, or one filter size). */
    static FilterCost fit(List<LaunchResult> runs) {
        List<LaunchResult> filtered = runs.stream().filter(r -> !r.loadsPerFilter().isEmpty()).toList();
        int n = filtered.size();
        double sff = 0;
        double sfl = 0;
        double sll = 0;
        double sfd = 0;
        double sld = 0;
        for (LaunchResult r : filtered) {
            double f = r.loadsPerFilter().size();
            double l = r.loads();
            sff += f * f;
            sfl += f * l;
            sll += l * l;
            sfd += f * r.deltaNs();
            sld += l * r.deltaNs();
        }
        double det = sff * sll - sfl * sfl;
        if (n < 3 || !(det > 1e-9 * sff * sll)) {
            return null;
        }
        double perFilter = (sll * sfd - sfl * sld) / det;
        double perLoad = (sff * sld - sfl * sfd) / det;
        double sse = 0;
        for (LaunchResult r : filtered) {
            double e = r.deltaNs() - perFilter * r.loadsPerFilter().size() - perLoad * r.loads();
            sse += e * e;
        }
        double sigma2 = sse / (n - 2);
        double perLoadSe = Math.sqrt(sigma2 * sff / det);
        return new FilterCost(perFilter, perLoad, perLoadSe, n);
    }
}
