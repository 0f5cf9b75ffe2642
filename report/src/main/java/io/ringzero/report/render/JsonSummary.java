package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.List;
import java.util.Map;

/** {@code summary.json}: the report's figures for scripts and CI (schema {@code ringzero.summary/1}). */
public final class JsonSummary {

    public static final String SCHEMA = "ringzero.summary/1";
    /** Sites per kind kept in the summary; the run file has them all. */
    static final int SITES = 5;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonSummary() {
    }

    public static String render(Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        ArrayNode summary = root.putArray("summary");
        Summary.of(report).lines().forEach(summary::add);
        ArrayNode runs = root.putArray("runs");
        for (LoadedRun r : report.runs()) {
            runs.add(run(r));
        }
        List<ProfileFacts> profiles = report.profiles();
        for (int i = 0; i < profiles.size(); i++) {
            ((ObjectNode) runs.get(i)).set("profile", profile(report.runs().get(i), profiles.get(i)));
        }
        ArrayNode views = root.putArray("views");
        for (View v : report.views()) {
            views.add(view(v));
        }
        if (report.prediction() != null) {
            root.set("ring0", ring0(report.prediction()));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the summary", e);
        }
    }

    static ObjectNode run(LoadedRun lr) {
        Run r = lr.run();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("label", lr.label());
        n.put("file", lr.file().getFileName().toString());
        n.put("final", r.isFinal());
        n.put("command", r.process() == null ? null : r.process().command());
        if (r.process() != null && r.process().jvm() != null) {
            n.put("jvm", r.process().jvm().name() + " " + r.process().jvm().version());
        }
        if (r.machine() != null) {
            n.put("kernel", r.machine().kernel());
            n.put("cpu_model", r.machine().cpuModel());
        }
        n.put("window_s", Views.windowS(r));
        n.put("uptime_s", r.process() == null ? null : r.process().uptimeS());
        CpuTime cpu = CpuTime.of(r);
        ObjectNode c = n.putObject("cpu");
        putNumber(c, "user_s", cpu.userS());
        putNumber(c, "system_s", cpu.systemS());
        putNumber(c, "total_s", cpu.totalS());
        if (r.kernelOracle() != null) {
            n.put("kernel_oracle", r.kernelOracle().tool());
        }
        return n;
    }

    static ObjectNode view(View v) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("label", v.label());
        n.put("combined", v.combined());
        n.put("calls", v.calls());
        n.put("errors", v.errors());
        n.put("bytes", v.bytes());
        n.put("duration_s", v.durationS());
        ArrayNode kinds = n.putArray("syscalls");
        for (KindStats k : v.kinds()) {
            ObjectNode o = kinds.addObject();
            o.put("name", k.name());
            o.put("calls", k.calls());
            o.put("share", v.calls() == 0 ? null : (double) k.calls() / v.calls());
            putNumber(o, "calls_per_s", v.callsPerSecond(k.calls()));
            if (k.isPoll()) {
                o.put("ready_fds", k.bytes());
                o.put("empty_polls_at_least", k.emptyPollsAtLeast());
            } else {
                o.put("bytes", k.bytes());
                o.put("bytes_requested", k.bytesRequested());
                o.put("bytes_per_call", k.bytesPerCall());
            }
            o.put("errors", k.errors());
            o.put("timed", k.timed());
            putNumber(o, "mean_ns", k.meanNs());
            putNumber(o, "p50_ns_below", k.percentileUpperNs(0.5));
            putNumber(o, "p99_ns_below", k.percentileUpperNs(0.99));
            ArrayNode sites = o.putArray("top_sites");
            k.sites().stream().limit(SITES).forEach(s -> {
                ObjectNode so = sites.addObject();
                so.put("run", s.run());
                so.put("calls", s.calls());
                so.put("walked", s.walked());
                so.put("api", s.api());
                ArrayNode frames = so.putArray("frames");
                s.frames().forEach(frames::add);
                ArrayNode used = so.putArray("resources");
                s.resources().stream().limit(ReportText.RESOURCES_PER_SITE).forEach(r -> used.addObject()
                        .put("resource", r.resource()).put("calls", r.calls()).put("walked", r.walked()));
            });
        }
        ArrayNode resources = n.putArray("resources");
        for (ResourceStats r : ResourceStats.of(v.kinds()).stream().limit(ReportText.RESOURCE_ROWS).toList()) {
            ObjectNode ro = resources.addObject();
            ro.put("resource", r.resource());
            ro.put("calls", r.calls());
            ro.put("error", r.error());
            ro.put("walked", r.walked());
            ObjectNode byKind = ro.putObject("by_kind");
            r.byKind().forEach(byKind::put);
        }
        if (v.coverage() != null) {
            Coverage c = v.coverage();
            ObjectNode co = n.putObject("coverage");
            co.put("tool", c.tool());
            co.put("kernel_total", c.kernelTotal());
            co.put("explained", c.explained());
            putNumber(co, "explained_share", c.explainedShare());
            if (c.tracerS() != null) {
                putNumber(co, "tracer_s", c.tracerS());
            }
            ArrayNode rows = co.putArray("by_kind");
            for (Coverage.Row row : c.rows()) {
                ObjectNode ro = rows.addObject();
                ro.put("name", row.name());
                ro.put("kernel", row.kernel());
                ro.put("java", row.java());
                ro.put("agent", row.agent());
                ro.put("unexplained", row.unexplained());
                if (c.attribution() != null) {
                    categories(ro.putObject("by_category"), c.attribution().byKind().getOrDefault(row.name(), Map.of()));
                }
            }
            if (c.attribution() != null) {
                categories(co.putObject("by_category"), c.attribution().byCategory());
                ObjectNode libraries = co.putObject("by_library");
                c.attribution().libraries().forEach(libraries::put);
                ArrayNode stacks = co.putArray("top_stacks");
                for (Category cat : Category.values()) {
                    for (Attribution.Stack st : c.attribution().topStacks(cat, StackLines.PER_CATEGORY)) {
                        ObjectNode so = stacks.addObject().put("category", cat.id).put("syscall", st.kind()).put("calls", st.calls())
                                .put("run", st.run()).put("thread", st.thread());
                        if (st.library() != null) {
                            so.put("library", st.library());
                        }
                        st.frames().forEach(so.putArray("frames")::add);
                    }
                }
                ArrayNode threads = co.putArray("threads");
                for (Attribution.Thread t : c.attribution().threads().stream().limit(Html.THREAD_ROWS).toList()) {
                    ObjectNode to = threads.addObject();
                    to.put("run", t.run());
                    to.put("tid", t.tid());
                    to.put("name", t.name());
                    to.put("category", t.category().id);
                    to.put("calls", t.calls());
                }
            }
        }
        ThreadTimes tt = ThreadTimes.of(v.runs());
        if (tt != null) {
            ObjectNode th = n.putObject("thread_cpu");
            th.put("process_cpu_s", tt.processCpuS());
            ObjectNode groups = th.putObject("by_group");
            tt.cpuByGroup().forEach((c, s) -> groups.put(ThreadTimes.group(c), s));
            ArrayNode rows = th.putArray("threads");
            for (ThreadTimes.Row r : tt.rows().stream().limit(Html.THREAD_ROWS).toList()) {
                rows.addObject().put("run", r.run()).put("tid", r.tid()).put("name", r.name()).put("group", ThreadTimes.group(r.category()))
                        .put("java", r.java()).put("user_s", r.userS()).put("system_s", r.systemS()).put("syscr", r.syscr()).put("syscw", r.syscw());
            }
        }
        ArrayNode findings = n.putArray("findings");
        for (Finding f : v.findings()) {
            ObjectNode fo = findings.addObject();
            fo.put("run", f.run());
            fo.put("title", f.title());
            fo.put("syscall", f.kind());
            ArrayNode ev = fo.putArray("evidence");
            f.evidence().forEach(ev::add);
            fo.put("advice", f.advice());
            fo.put("syscalls_saved", f.syscallsSaved());
            fo.put("saving_basis", f.savingBasis());
            if (f.site() != null) {
                fo.put("api", f.site().api());
                ArrayNode frames = fo.putArray("frames");
                f.site().frames().forEach(frames::add);
            }
        }
        return n;
    }

    /** The run file's profile figures as they are, plus the report's flame-graph pages or why they are missing. */
    static ObjectNode profile(LoadedRun lr, ProfileFacts facts) {
        ObjectNode n = MAPPER.createObjectNode();
        Run.Profile p = lr.run().profile();
        n.put("missing", facts.missing());
        if (p != null) {
            n.put("requested", p.requested());
            n.put("engine", p.engine());
            n.put("status", p.status());
            n.put("samples", p.samples());
            n.put("kernel_samples", p.kernelSamples());
            n.put("kernel_share", p.kernelShare());
            n.put("entry_exit_samples", p.entryExitSamples());
            n.put("entry_exit_share_of_kernel", p.entryExitShareOfKernel());
            n.put("wrapper_samples", p.wrapperSamples());
            n.put("entry_exit_share_of_kernel_high", p.entryExitShareOfKernelHigh());
            ArrayNode kinds = n.putArray("by_syscall");
            for (Run.ProfiledSyscall k : facts.bySyscall()) {
                kinds.addObject().put("name", k.name()).put("samples", k.samples()).put("share_of_kernel", k.shareOfKernel());
            }
        }
        if (facts.flames() != null) {
            ObjectNode f = n.putObject("flame_graphs");
            f.set("cpu", graph(facts.flames().cpu()));
            f.set("sites", graph(facts.flames().sites()));
            f.set("threads", graph(facts.flames().threads()));
        }
        return n;
    }

    private static ObjectNode graph(io.ringzero.report.flame.RunFlameGraphs.Graph g) {
        ObjectNode o = MAPPER.createObjectNode();
        if (g.present()) {
            o.put("file", g.file());
            o.put("source", g.source());
        } else {
            o.put("missing", g.missing());
        }
        return o;
    }

    static ObjectNode ring0(Ring0Prediction p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("method", p.method());
        ArrayNode rows = n.putArray("rows");
        rows.add(row(p.measured()).put("measured", true));
        p.scenarios().forEach(r -> rows.add(row(r).put("measured", false)));
        ArrayNode warnings = n.putArray("warnings");
        p.warnings().forEach(warnings::add);
        ArrayNode notes = n.putArray("notes");
        p.notes().forEach(notes::add);
        if (p.split() != null) {
            ObjectNode split = n.putObject("split");
            split.put("application_calls", p.split().application());
            split.put("library_calls", p.split().libraries());
            split.put("jvm_calls", p.split().jvm());
            split.put("agent_calls", p.split().agent());
            split.put("saved_cpu_s", p.savedCpuS());
        }
        ArrayNode crossing = n.putArray("crossing");
        for (Ring0Prediction.Crossing c : p.crossing()) {
            ObjectNode o = crossing.addObject();
            o.put("run", c.run());
            o.put("profile", c.profile());
            o.put("system_s", c.systemS());
            o.put("crossing_low_s", c.crossingLowS());
            o.put("crossing_high_s", c.crossingHighS());
            band(o, "count_based_s", c.countBasedS());
            o.put("verdict", c.verdict());
            o.put("finding", c.finding());
        }
        return n;
    }

    private static ObjectNode row(Ring0Prediction.Row r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("label", r.label());
        band(o, "cpu_s", r.cpuS());
        band(o, "user_s", r.userS());
        band(o, "system_s", r.systemS());
        band(o, "speedup", r.speedup());
        return o;
    }

    private static void band(ObjectNode n, String name, Ring0Prediction.Band b) {
        ObjectNode o = n.putObject(name);
        putNumber(o, "low", b.low());
        putNumber(o, "mid", b.mid());
        putNumber(o, "high", b.high());
    }

    private static void putNumber(ObjectNode n, String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(name);
        } else {
            n.put(name, v);
        }
    }

    private static void categories(ObjectNode into, Map<Category, Long> counts) {
        for (Category c : Category.values()) {
            Long n = counts.get(c);
            if (n != null && n > 0) {
                into.put(c.id, n);
            }
        }
    }
}
