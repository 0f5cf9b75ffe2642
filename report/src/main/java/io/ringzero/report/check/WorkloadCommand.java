package io.ringzero.report.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The user's {@code java ARGS...} with the agent attached, counting only, writing to a given run file. */
public final class WorkloadCommand {

    private final List<String> command;
    private final Path agentJar;

    public WorkloadCommand(List<String> command, Path agentJar) {
        if (command.isEmpty()) {
            throw new CheckFailure(2, "no workload: give it after --, e.g. ringzero check -- java -jar app.jar");
        }
        String exe = Path.of(command.get(0)).getFileName().toString();
        if (!exe.equals("java")) {
            throw new CheckFailure(2, "the workload must be a JVM started by a java launcher (the agent counts its "
                    + "syscalls), not " + command.get(0));
        }
        this.command = List.copyOf(command);
        this.agentJar = agentJar;
    }

    public String launcher() {
        return command.get(0);
    }

    /** The command with the agent inserted as the first JVM option; {@code java} replaced when given. */
    public List<String> withAgent(Path runFile, String javaLauncher) {
        String out = runFile.toAbsolutePath().toString();
        if (out.contains(",") || out.contains("=")) {
            // The agent's option string splits on ',' and '='.
            throw new CheckFailure(2, "the output directory's path may not contain ',' or '=': " + out);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaLauncher == null ? command.get(0) : javaLauncher);
        cmd.add("-javaagent:" + agentJar.toAbsolutePath() + "=out=" + out + ",interval=0,quiet,sites=off");
        cmd.addAll(command.subList(1, command.size()));
        return cmd;
    }

    public List<String> withAgent(Path runFile) {
        return withAgent(runFile, null);
    }
}
