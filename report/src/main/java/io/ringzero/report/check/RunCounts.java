package io.ringzero.report.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The syscall counts a run file offers for comparison with N_eff.
 *
 * @param javaLevel    the agent's count of syscalls issued by the JDK's natives ({@code totals.calls})
 * @param kernel       the kernel's own total for the whole process, when known
 * @param kernelSource where {@code kernel} comes from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunCounts(@JsonProperty("java_level") long javaLevel,
                        @JsonProperty("kernel") Long kernel,
                        @JsonProperty("kernel_source") String kernelSource) {

    static RunCounts of(JsonNode run) {
        JsonNode calls = run.path("totals").path("calls");
        if (!calls.canConvertToLong()) {
            throw new CheckFailure(1, "the run file has no totals.calls: was the agent attached?");
        }
        JsonNode oracle = run.path("kernel_oracle").path("total");
        if (oracle.canConvertToLong()) {
            return new RunCounts(calls.asLong(), oracle.asLong(),
                    "kernel_oracle (" + run.path("kernel_oracle").path("tool").asText("?") + "), every kind");
        }
        JsonNode now = run.path("cpu").path("now");
        if (now.path("syscr").canConvertToLong() && now.path("syscw").canConvertToLong()) {
            // Only the read and write families, but of the whole JVM: a floor for those kinds, not a total.
            return new RunCounts(calls.asLong(), now.path("syscr").asLong() + now.path("syscw").asLong(),
                    "/proc/<pid>/io syscr+syscw: read- and write-family calls of the whole JVM, other kinds not counted");
        }
        return new RunCounts(calls.asLong(), null, null);
    }
}
