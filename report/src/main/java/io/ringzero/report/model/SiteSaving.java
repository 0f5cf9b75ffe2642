package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much CPU time one call site would save in each scenario (central estimates, seconds). */
public record SiteSaving(@JsonProperty("site") CallSite site,
                         @JsonProperty("call_path_s") double callPathS,
                         @JsonProperty("kml_stock_glibc_s") double kmlStockGlibcS) {
}
