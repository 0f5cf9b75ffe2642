package io.ringzero.report.check;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.fail;

/** The agent jar the ITs attach: built by the reactor before the report module. */
final class AgentJar {

    private AgentJar() {
    }

    static Path locate() {
        // Failsafe runs in the report module's directory.
        Path jar = Path.of("..", "agent", "target", "ringzero-agent.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("the agent jar is missing at " + jar + ": build it first with `mvn -B -q -DskipTests package` "
                    + "from the repository root (the reactor builds agent before report)");
        }
        return jar;
    }

    /** The directory holding the test workloads' classes. */
    static Path testClasses() {
        try {
            return Path.of(WriteDevNull.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
