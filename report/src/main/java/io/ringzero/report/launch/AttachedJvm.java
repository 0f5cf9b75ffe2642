package io.ringzero.report.launch;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.ringzero.report.runfile.BadInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A JVM reached through the Attach API: its RingZero state (the agent publishes it in system properties, see
 * the agent's {@code RingZeroAgent}) and the loading of the agent, which opens or ends a counting window.
 */
public final class AttachedJvm implements AutoCloseable {
    static final String VERSION = "ringzero.agent.version", MODE = "ringzero.agent.mode", WINDOW = "ringzero.window";

    private final AttachTarget target;
    private final VirtualMachine vm;

    private AttachedJvm(AttachTarget target, VirtualMachine vm) {
        this.target = target;
        this.vm = vm;
    }

    public static AttachedJvm attach(AttachTarget target) throws BadInputException {
        try {
            return new AttachedJvm(target, VirtualMachine.attach(Long.toString(target.pid())));
        } catch (AttachNotSupportedException | IOException e) {
            throw new BadInputException("cannot attach to JVM " + target.pid() + ": " + e.getMessage());
        } catch (LinkageError e) {
            throw new BadInputException("this Java runtime has no Attach API (module jdk.attach): run ringzero on a JDK");
        }
    }

    /** The RingZero agent version loaded in the JVM, or null. */
    public String agentVersion() throws BadInputException { return properties().getProperty(VERSION); }

    /** {@code javaagent}, {@code attach}, or null when no agent is loaded. */
    public String agentMode() throws BadInputException { return properties().getProperty(MODE); }

    /** The open window's run file, or null. */
    public Path openWindow() throws BadInputException {
        String w = properties().getProperty(WINDOW);
        return w == null ? null : Path.of(w);
    }

    /** Loads the agent jar with these options; returns when the agent's entry point has returned. */
    public void load(Path jar, String options) throws BadInputException {
        try {
            vm.loadAgent(jar.toString(), options);
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new BadInputException("JVM " + target.pid() + " could not load the agent: " + e.getMessage());
        }
    }

    private Properties properties() throws BadInputException {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw new BadInputException("JVM " + target.pid() + " did not answer: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException e) {
            // the JVM went away; nothing is left to release
        }
    }
}
