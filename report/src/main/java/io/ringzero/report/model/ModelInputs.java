package io.ringzero.report.model;

import io.ringzero.report.calibrate.MachineIdentity;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.ringzero.report.runfile.BadInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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

    /** The seed's situation: only totals are known. */
    public static ModelInputs whatIf(double userS, double systemS, long calls, Double wallS) {
        return new ModelInputs(Times.of(userS, systemS, wallS), null, CountSource.GIVEN, null,
                Map.of("(all)", calls), List.of(), null, null, false);
    }

    /**
     * Reads a run file already checked by {@code RunFiles.load}. Prefers the kernel's totals
     * ({@code kernel_oracle}) over the agent's Java-level counts.
     *
     * @throws BadInputException when the fields the model needs are missing or not numbers
     */
    public static ModelInputs fromRunFile(JsonNode run) throws BadInputException {
        JsonNode now = run.path("cpu").path("now");
        double user = requireSeconds(now, "user_s");
        double system = requireSeconds(now, "system_s");
        JsonNode uptime = run.path("process").path("uptime_s");
        Double wall = uptime.isNumber() && uptime.asDouble() > 0 ? uptime.asDouble() : null;
        JsonNode cpusNode = run.path("machine").path("cpus");
        Integer cpus = cpusNode.isInt() && cpusNode.asInt() > 0 ? cpusNode.asInt() : null;

        List<CallSite> sites = new ArrayList<>();
        Map<String, Long> javaCounts = new TreeMap<>();
        for (JsonNode sc : run.path("syscalls")) {
            String kind = sc.path("name").asText(null);
            if (kind == null || !sc.path("calls").canConvertToLong()) {
                throw new BadInputException("run file has a syscalls[] entry without name and calls");
            }
            if (!VDSO_KINDS.contains(kind)) {
                javaCounts.merge(kind, sc.path("calls").asLong(), Long::sum);
            }
            for (JsonNode site : sc.path("sites")) {
                List<String> frames = new ArrayList<>();
                site.path("frames").forEach(f -> frames.add(f.asText()));
                JsonNode api = site.path("api");
                sites.add(new CallSite(kind, site.path("calls").asLong(), api.isTextual() ? api.asText() : null, frames));
            }
        }

        CountSource source = CountSource.JAVA;
        String tool = null;
        Map<String, Long> counts = javaCounts;
        JsonNode oracle = run.path("kernel_oracle").path("syscalls");
        if (oracle.isObject() && oracle.size() > 0) {
            Map<String, Long> kernel = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = oracle.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                    throw new BadInputException("run file's kernel_oracle.syscalls." + e.getKey() + " is not a count");
                }
                kernel.put(e.getKey(), e.getValue().asLong());
            }
            counts = kernel;
            source = CountSource.KERNEL;
            tool = run.path("kernel_oracle").path("tool").asText(null);
        }

        JsonNode fin = run.path("final");
        JsonNode ring0 = run.path("process").path("kml").path("ring0");
        return new ModelInputs(Times.of(user, system, wall), cpus, source, tool, sortedByCallsDescending(counts),
                sites, machineOf(run.path("machine")), fin.isBoolean() ? fin.asBoolean() : null,
                ring0.isBoolean() && ring0.asBoolean(), CpuProfile.fromRunFile(run));
    }

    private static double requireSeconds(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        if (!v.isNumber() || v.asDouble() < 0) {
            throw new BadInputException("run file has no cpu.now." + field + " (needed for the measured row)");
        }
        return v.asDouble();
    }

    private static MachineIdentity machineOf(JsonNode m) {
        if (!m.path("kernel").isTextual()) {
            return null;
        }
        Map<String, String> vulns = new TreeMap<>();
        m.path("vulnerabilities").fields().forEachRemaining(e -> vulns.put(e.getKey(), e.getValue().asText()));
        return new MachineIdentity(m.path("kernel").asText(), m.path("cpu_model").asText("unknown"),
                m.path("cpus").asInt(0), vulns);
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
