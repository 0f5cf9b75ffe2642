package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The predicted Table 2 row of one ring-0 scenario. {@code predicted} is the central row; the bands
 * give each column's range over the per-call saving and alpha bands.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioPrediction(@JsonProperty("scenario") Scenario scenario,
                                 @JsonProperty("label") String label,
                                 @JsonProperty("saving_per_call_ns") Band savingPerCallNs,
                                 @JsonProperty("system_saved_s") Band systemSavedS,
                                 @JsonProperty("user_saved_s") Band userSavedS,
                                 @JsonProperty("predicted") Times predicted,
                                 @JsonProperty("cpu_s") Band cpuS,
                                 @JsonProperty("user_s") Band userS,
                                 @JsonProperty("system_s") Band systemS,
                                 @JsonProperty("wall_s") Band wallS,
                                 @JsonProperty("speedup") Band speedup) {
}
