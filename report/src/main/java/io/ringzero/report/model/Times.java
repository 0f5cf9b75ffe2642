package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A Table 2 row of the KML article: CPU = user + system, in seconds, plus wall-clock time when known. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Times(@JsonProperty("cpu_s") double cpuS,
                    @JsonProperty("user_s") double userS,
                    @JsonProperty("system_s") double systemS,
                    @JsonProperty("wall_s") Double wallS) {

    public static Times of(double userS, double systemS, Double wallS) {
        return new Times(userS + systemS, userS, systemS, wallS);
    }
}
