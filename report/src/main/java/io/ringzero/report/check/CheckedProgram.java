package io.ringzero.report.check;

import io.ringzero.report.launch.AgentLaunch;
import io.ringzero.report.runfile.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The user's {@code java ARGS...} that a check runs again and again, each time with the agent counting only. */
public final class CheckedProgram {

    private final List<String> command;
    private final AgentLaunch agent;

    public CheckedProgram(List<String> command, AgentLaunch agent) {
        if (command.isEmpty()) {
            throw new CheckFailure(2, "no workload: give it after --, e.g. ringzero check -- java -jar app.jar");
        }
        String exe = Path.of(command.get(0)).getFileName().toString();
        if (!exe.equals("java")) {
            throw new CheckFailure(2, "the workload must be a JVM started by a java launcher (the agent counts its "
                    + "syscalls), not " + command.get(0));
        }
        this.command = List.copyOf(command);
        this.agent = agent;
    }

    public String launcher() {
        return command.get(0);
    }

    /** The command with the agent inserted as the first JVM option; {@code java} replaced when given. */
    public List<String> withAgent(Path runFile, String javaLauncher) {
        List<String> java = new ArrayList<>(command);
        if (javaLauncher != null) {
            java.set(0, javaLauncher);
        }
        try {
            return agent.command(java, runFile, "interval=0", "quiet", "sites=off");
        } catch (BadInputException e) {
            throw new CheckFailure(2, e.getMessage());
        }
    }

    public List<String> withAgent(Path runFile) {
        return withAgent(runFile, null);
    }
}
