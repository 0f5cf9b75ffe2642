package io.ringzero.report.flame;

/**
 * A run's two flame graphs as pages of the report directory, or why each is missing.
 *
 * @param run   the run's label in the report
 * @param cpu   async-profiler's CPU samples
 * @param sites the agent's syscall call sites, weighted by calls
 * @param threads every syscall of the process by thread group, thread, kind and stack, weighted by the kernel's exact counts
 */
public record RunFlameGraphs(String run, Graph cpu, Graph sites, Graph threads) {

    /**
     * One flame graph.
     *
     * @param file    the page's name in the report directory, null when missing
     * @param html    the page, null when missing
     * @param source  what it was drawn from, in words
     * @param missing why there is no page, null when there is one
     */
    public record Graph(String file, String html, String source, String missing) {

        static Graph page(String file, String html, String source) {
            return new Graph(file, html, source, null);
        }

        static Graph none(String why) {
            return new Graph(null, null, null, why);
        }

        public boolean present() {
            return file != null;
        }
    }
}
