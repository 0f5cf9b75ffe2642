package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A complete answer of {@link RingZeroModel#predict}: the measured row, one predicted row per
 * {@link Scenario}, call sites ranked by saving, and the flags that must be shown with the figures.
 * {@code crossing} sets the run's CPU profile beside the call-path saving; null for numbers given by hand.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(@JsonProperty("schema") String schema,
                         @JsonProperty("inputs") ModelInputs inputs,
                         @JsonProperty("counts_from") String countsFrom,
                         @JsonProperty("total_calls") long totalCalls,
                         @JsonProperty("parameters") ModelParameters parameters,
                         @JsonProperty("measured") Times measured,
                         @JsonProperty("scenarios") List<ScenarioPrediction> scenarios,
                         @JsonProperty("sites") List<SiteSaving> sites,
                         @JsonProperty("flags") List<Flag> flags,
                         @JsonProperty("notes") List<String> notes,
                         @JsonProperty("crossing") CrossingBound crossing) {

    public static final String SCHEMA = "ringzero.prediction/1";

    public Prediction {
        scenarios = List.copyOf(scenarios);
        sites = List.copyOf(sites);
        flags = List.copyOf(flags);
        notes = List.copyOf(notes);
    }

    public ScenarioPrediction scenario(Scenario s) {
        return scenarios.stream().filter(p -> p.scenario() == s).findFirst().orElseThrow();
    }

    public boolean flagged(String code) {
        return flags.stream().anyMatch(f -> f.code().equals(code));
    }
}
