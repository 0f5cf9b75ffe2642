package io.ringzero.report.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringzero.report.calibrate.MachineIdentity;
import io.ringzero.report.runfile.BadInputException;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the model needs from a run: measured CPU times and how many syscalls of each kind were made.
 *
 * @param measured       user and system CPU time of the whole process, wall time when known
 * @param cpus           processors available to the run, when known
 * @param source         where {@code callsByKind} came from
 * @param countTool      the tool behind kernel counts ("perf", "strace"), else null
 * @param callsByKind    syscalls per kind, most first; vDSO kinds excluded where they cannot be traps
 * @param sites          call sites from the agent, for ranking (counts are always Java-level)
 * @param machine        the machine the run was made on, when known
 * @param finalWrite     false when the run file is an interval write, null when unknown
 * @param ring0          the run itself already ran in ring 0 under KML
 * @param profile        the run's CPU profile figures (or why there are none); null for numbers given by hand
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInputs(@JsonProperty("measured") Times measured,
                          @JsonProperty("cpus") Integer cpus,
                          @JsonProperty("source") CountSource source,
                          @JsonProperty("count_tool") String countTool,
                          @JsonProperty("calls_by_kind") Map<String, Long> callsByKind,
                          @JsonProperty("sites") List<CallSite> sites,
                          @JsonProperty("machine") MachineIdentity machine,
                          @JsonProperty("final") Boolean finalWrite,
                          @JsonProperty("ring0") boolean ring0,
                          // shown once, in the prediction's crossing bound
                          @JsonIgnore CpuProfile profile) {

    /**
     * Served by the vDSO on x86_64 without entering the kernel, so ring 0 cannot speed them up. Only
     * dropped from Java-level counts: when the kernel itself counted one, it was a real trap.
     */
    public static final Set<String> VDSO_KINDS = Set.of("clock_gettime", "gettimeofday", "time", "getcpu");

    public ModelInputs {
        callsByKind = callsByKind == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(callsByKind));
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /** Inputs without a profile (numbers given by hand, or a run measured another way). */
    public ModelInputs(Times measured, Integer cpus, CountSource source, String countTool, Map<String, Long> callsByKind,
                       List<CallSite> sites, MachineIdentity machine, Boolean finalWrite, boolean ring0) {
        this(measured, cpus, source, countTool, callsByKind, sites, machine, finalWrite, ring0, null);
    }

    public long totalCalls() {
        return callsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The KML article's situation: only totals are known. */
    public static ModelInputs whatIf(double userS, double systemS, long calls, Double wallS) {
        return new ModelInputs(Times.of(userS, systemS, wallS), null, CountSource.GIVEN, null,
                Map.of("(all)", calls), List.of(), null, null, false);
    }

    /**
     * The inputs of a run file. Prefers the kernel's totals ({@code kernel_oracle}) over the agent's Java-level
     * counts.
     *
     * @throws BadInputException when the CPU times the model needs are missing
     */
    public static ModelInputs fromRunFile(Run run) throws BadInputException {
        Run.Figures now = run.cpu() == null ? null : run.cpu().now();
        if (now == null || now.userS() == null || now.systemS() == null) {
            throw new BadInputException("run file has no cpu.now.user_s and system_s (needed for the measured row)");
        }
        Double uptime = run.process() == null ? null : run.process().uptimeS();
        Double wall = uptime != null && uptime > 0 ? uptime : null;
        Integer cpus = run.machine() != null && run.machine().cpus() != null && run.machine().cpus() > 0
                ? run.machine().cpus() : null;

        List<CallSite> sites = new ArrayList<>();
        Map<String, Long> javaCounts = new TreeMap<>();
        for (Run.Syscall sc : run.syscalls()) {
            if (!VDSO_KINDS.contains(sc.name())) {
                javaCounts.merge(sc.name(), sc.calls(), Long::sum);
            }
            for (Run.Site site : sc.sites() == null ? List.<Run.Site>of() : sc.sites()) {
                sites.add(new CallSite(sc.name(), site.calls(), site.api(), site.frames()));
            }
        }

        CountSource source = CountSource.JAVA;
        String tool = null;
        Map<String, Long> counts = javaCounts;
        Run.KernelOracle oracle = run.kernelOracle();
        if (oracle != null && oracle.syscalls() != null && !oracle.syscalls().isEmpty()) {
            counts = new TreeMap<>(oracle.syscalls());
            source = CountSource.KERNEL;
            tool = oracle.tool();
        }

        boolean ring0 = run.process() != null && run.process().kml() != null && run.process().kml().ring0();
        return new ModelInputs(Times.of(now.userS(), now.systemS(), wall), cpus, source, tool,
                sortedByCallsDescending(counts), sites, machineOf(run.machine()), run.isFinal(), ring0,
                CpuProfile.of(run.profile()));
    }

    private static MachineIdentity machineOf(Run.Machine m) {
        if (m == null || m.kernel() == null) {
            return null;
        }
        return new MachineIdentity(m.kernel(), m.cpuModel() == null ? "unknown" : m.cpuModel(),
                m.cpus() == null ? 0 : m.cpus(), m.vulnerabilities() == null ? Map.of() : new TreeMap<>(m.vulnerabilities()));
    }

    private static Map<String, Long> sortedByCallsDescending(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
