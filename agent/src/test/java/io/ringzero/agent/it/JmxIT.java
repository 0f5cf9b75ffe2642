package io.ringzero.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import io.ringzero.agent.count.Syscall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MBean io.ringzero:type=Syscalls over a JMX connector: its attributes are the run file's counts at the same
 * moment, dump(path) writes a run file, and the dump's I/O is the agent's own.
 */
class JmxIT {
    private static final int N = 1000;

    @Test
    void attributesEqualTheRunFileDumpedAtTheSameMoment(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT + "=out=" + tmp.resolve("run.json") + ",interval=0,quiet,profile=off",
                "-cp", ChildJvm.CLASSES, IoWorkload.class.getName(), "pwrites-then-wait", String.valueOf(N), tmp.resolve("d").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Map<String, Long> before, after;
        String a, b;
        try {
            for (long end = System.nanoTime() + 60_000_000_000L; !Files.readString(out).contains("ready"); Thread.sleep(50)) {
                assertThat(System.nanoTime()).as(Files.readString(out)).isLessThan(end);
            }
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(p.pid()));
            String url;
            try {
                url = vm.startLocalManagementAgent(); // creates the platform MBeanServer: the agent registers within a second
            } finally {
                vm.detach();
            }
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
                MBeanServerConnection mbs = c.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.ringzero:type=Syscalls");
                for (long end = System.nanoTime() + 10_000_000_000L; !mbs.isRegistered(name); Thread.sleep(50)) {
                    assertThat(System.nanoTime()).as("MBean registered within 10 s").isLessThan(end);
                }
                List<String> names = new ArrayList<>();
                for (MBeanAttributeInfo i : mbs.getMBeanInfo(name).getAttributes()) names.add(i.getName());
                assertThat(names).hasSize(3 * (Syscall.COUNT + 1)).contains("read_calls", "read_bytes", "read_errors", "kill_calls", "calls", "bytes", "errors");
                String[] all = names.toArray(new String[0]);
                String[] signature = {String.class.getName()};
                before = values(mbs.getAttributes(name, all).asList());
                a = (String) mbs.invoke(name, "dump", new Object[] {tmp.resolve("a.json").toString()}, signature);
                after = values(mbs.getAttributes(name, all).asList());
                b = (String) mbs.invoke(name, "dump", new Object[] {tmp.resolve("b.json").toString()}, signature);
                assertThat(mbs.getAttribute(name, KIND_CALLS)).isEqualTo((long) N);
            }
        } finally {
            p.getOutputStream().close(); // the workload's read of standard input ends: it exits
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        assertThat(a).isEqualTo(tmp.resolve("a.json").toAbsolutePath().toString());
        assertThat(b).isEqualTo(tmp.resolve("b.json").toAbsolutePath().toString());

        JsonNode docA = new ObjectMapper().readTree(Path.of(a).toFile()), docB = new ObjectMapper().readTree(Path.of(b).toFile());
        assertThat(docA.get("schema").asText()).isEqualTo("ringzero.run/2");
        assertThat(docA.get("final").asBoolean()).isFalse();
        Map<String, JsonNode> dumped = byName(docA.get("syscalls"));
        // The JMX connection's own socket I/O runs between the two reads; every other kind is still, and equal.
        int exact = 0;
        for (String kind : Syscall.NAMES) {
            for (String[] f : new String[][] {{"calls", "calls"}, {"bytes", "bytes"}, {"errors", "errors"}}) {
                long inFile = dumped.containsKey(kind) ? dumped.get(kind).get(f[1]).asLong() : 0;
                long x = before.get(kind + "_" + f[0]), y = after.get(kind + "_" + f[0]);
                assertThat(inFile).as(kind + "_" + f[0]).isBetween(x, y);
                if (x == y) {
                    assertThat(inFile).as(kind + "_" + f[0]).isEqualTo(x);
                    if (f[0].equals("calls") && x > 0) exact++;
                }
            }
        }
        assertThat(exact).as("kinds called and compared exactly").isGreaterThanOrEqualTo(5);
        assertThat(before.get(KIND_CALLS)).isEqualTo(N);
        assertThat(dumped.get("pwrite64").get("calls").asLong()).isEqualTo(N);
        assertThat(dumped.get("pwrite64").get("bytes").asLong()).isEqualTo(16L * N);
        assertThat(docA.get("totals").get("calls").asLong()).isBetween(before.get("calls"), after.get("calls"));
        long sum = 0;
        for (String kind : Syscall.NAMES) sum += before.get(kind + "_calls");
        assertThat(before.get("calls")).isEqualTo(sum);

        // the first dump's write and rename are the agent's own (interval=0: nothing else of the agent renames)
        assertThat(calls(docB.get("agent_own").get("syscalls"), "rename")).isEqualTo(calls(docA.get("agent_own").get("syscalls"), "rename") + 1);
        assertThat(calls(docB.get("syscalls"), "rename")).isZero();
    }

    /** The agent only looks for the platform MBeanServer: an application that makes none has none. */
    @Test
    void noMBeanServerOfItsOwn(@TempDir Path tmp) throws Exception {
        Path classes = tmp.resolve("classes.txt");
        ChildJvm.Result r = ChildJvm.run(tmp, List.of(), List.of("-Xlog:class+load=info:file=" + classes),
                "out=@RUN,interval=0,quiet,profile=off", "paced-pwrites", "1500", tmp.resolve("d").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        String loaded = Files.readString(classes);
        assertThat(loaded).contains("javax.management.MBeanServerFactory "); // it looked, at least once
        assertThat(loaded).doesNotContain("com.sun.jmx.mbeanserver.JmxMBeanServer ").doesNotContain("java.util.logging.LogManager ");
    }

    private static final String KIND_CALLS = "pwrite64_calls";

    private static Map<String, Long> values(List<Attribute> list) {
        Map<String, Long> m = new HashMap<>();
        for (Attribute at : list) m.put(at.getName(), (Long) at.getValue());
        return m;
    }

    private static Map<String, JsonNode> byName(JsonNode syscalls) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode s : syscalls) m.put(s.get("name").asText(), s);
        return m;
    }

    private static long calls(JsonNode syscalls, String kind) {
        JsonNode s = byName(syscalls).get(kind);
        return s == null ? 0 : s.get("calls").asLong();
    }
}
