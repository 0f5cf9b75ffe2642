package io.ringzero.report.launch;

import io.ringzero.report.runfile.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentLaunchTest {

    @TempDir
    Path dir;

    private Path jar(String name, boolean agent) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (agent) {
            m.getMainAttributes().putValue("Premain-Class", "io.ringzero.agent.Agent");
        }
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return p;
    }

    @Test
    void aGivenJarMustBeAnAgent() throws IOException {
        assertThat(AgentLaunch.find(jar("a.jar", true)).jar()).isEqualTo(dir.resolve("a.jar"));
        Path plain = jar("plain.jar", false);
        assertThatThrownBy(() -> AgentLaunch.find(plain)).isInstanceOf(BadInputException.class)
                .hasMessage(plain + ": not a Java agent jar (no Premain-Class in its manifest)");
        assertThatThrownBy(() -> AgentLaunch.find(dir.resolve("none.jar"))).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(dir.resolve("none.jar") + ": no agent jar");
    }

    @Test
    void thePropertyComesAfterTheFlag() throws IOException {
        Path byProperty = jar("p.jar", true);
        String before = System.getProperty(AgentLaunch.PROPERTY);
        System.setProperty(AgentLaunch.PROPERTY, byProperty.toString());
        try {
            assertThat(AgentLaunch.find(null).jar()).isEqualTo(byProperty);
            assertThat(AgentLaunch.find(jar("flag.jar", true)).jar()).isEqualTo(dir.resolve("flag.jar"));
        } finally {
            if (before == null) {
                System.clearProperty(AgentLaunch.PROPERTY);
            } else {
                System.setProperty(AgentLaunch.PROPERTY, before);
            }
        }
    }

    @Test
    void theOptionComesFirstWithTheRunFileAndTheGivenOptions() {
        AgentLaunch a = new AgentLaunch(Path.of("/opt/rz/ringzero-agent.jar"));
        assertThat(a.command(List.of("/jdk/bin/java", "-Xmx1g", "-jar", "app.jar"), Path.of("/out/run.json"),
                "interval=1", "quiet", null, " "))
                .containsExactly("/jdk/bin/java", "-javaagent:/opt/rz/ringzero-agent.jar=out=/out/run.json,interval=1,quiet",
                        "-Xmx1g", "-jar", "app.jar");
        assertThatThrownBy(() -> a.option(Path.of("/tmp/a,b/run.json"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("comma");
    }
}
