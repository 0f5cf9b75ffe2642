package io.ringzero.report.render;

import java.util.List;

/**
 * One pattern found in a run, with the figures that show it and what fixing it would save.
 *
 * @param evidence       sentences built only from figures of the run
 * @param syscallsSaved  estimated syscalls the advice would remove (0 when it cannot be estimated)
 * @param site           the call site concerned, or null for a kind-wide finding
 */
public record Finding(String run, String title, String kind, List<String> evidence, String advice,
                      long syscallsSaved, String savingBasis, SiteStats site) {
}
