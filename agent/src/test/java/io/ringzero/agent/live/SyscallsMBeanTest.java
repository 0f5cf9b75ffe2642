package io.ringzero.agent.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import io.ringzero.agent.record.Recorder;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanAttributeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MBean driven directly: attributes per kind and in total, and dump. */
class SyscallsMBeanTest {
    @Test
    void attributesFollowTheCounters(@TempDir Path tmp) throws Exception {
        SyscallsMBean m = new SyscallsMBean(views(recorder(tmp)));
        assertThat(m.getMBeanInfo().getAttributes()).hasSize(3 * (Syscall.COUNT + 1));
        for (MBeanAttributeInfo a : m.getMBeanInfo().getAttributes()) assertThat(m.getAttribute(a.getName())).isInstanceOf(Long.class);
        long calls = (Long) m.getAttribute("fallocate_calls"), bytes = (Long) m.getAttribute("fallocate_bytes");
        long errors = (Long) m.getAttribute("fallocate_errors"), total = (Long) m.getAttribute("calls");
        Thread t = new Thread(() -> {
            Counters.end(Syscall.FALLOCATE, 100, 40, 0L);
            Counters.fail(Syscall.FALLOCATE, new java.io.IOException("no space"), 0L);
        });
        t.start();
        t.join();
        assertThat(m.getAttribute("fallocate_calls")).isEqualTo(calls + 2);
        assertThat(m.getAttribute("fallocate_bytes")).isEqualTo(bytes + 40);
        assertThat(m.getAttribute("fallocate_errors")).isEqualTo(errors + 1);
        assertThat((Long) m.getAttribute("calls")).isGreaterThanOrEqualTo(total + 2);

        List<Attribute> list = m.getAttributes(new String[] {"fallocate_calls", "no_such_calls", "calls"}).asList();
        assertThat(list).extracting(Attribute::getName).containsExactly("fallocate_calls", "calls");
        assertThatThrownBy(() -> m.getAttribute("fallocate")).isInstanceOf(AttributeNotFoundException.class);
        assertThatThrownBy(() -> m.getAttribute("nosuch_calls")).isInstanceOf(AttributeNotFoundException.class);
    }

    @Test
    void dumpWritesTheRunFileAndReturnsItsAbsolutePath(@TempDir Path tmp) throws Exception {
        SyscallsMBean m = new SyscallsMBean(views(recorder(tmp)));
        Path target = tmp.resolve("now.json");
        Object written = m.invoke("dump", new Object[] {target.toString()}, new String[] {String.class.getName()});
        assertThat(written).isEqualTo(target.toAbsolutePath().toString());
        JsonNode doc = new ObjectMapper().readTree(target.toFile());
        assertThat(doc.get("schema").asText()).isEqualTo("ringzero.run/2");
        assertThat(doc.get("final").asBoolean()).isFalse();
        assertThat(doc.get("snapshots")).hasSize(1);
        assertThatThrownBy(() -> m.invoke("dump", new Object[] {tmp.resolve("missing/dir/x.json").toString()}, new String[] {String.class.getName()}))
                .hasMessageContaining("cannot write");
        assertThatThrownBy(() -> m.invoke("reset", new Object[0], new String[0])).hasMessageContaining("dump(String path)");
    }

    private static Recorder recorder(Path tmp) {
        return new Recorder(tmp.resolve("run.json"), 0, true, Map.of(), 0, List.of(), new PrintStream(new ByteArrayOutputStream(), true));
    }

    private static LiveViews views(io.ringzero.agent.record.Recorder r) {
        LiveViews v = new LiveViews();
        v.follow(r);
        return v;
    }
}
