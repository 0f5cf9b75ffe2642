package io.ringzero.report.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a launched program and its tracer from outliving {@code ringzero}, through util-linux's
 * {@code setpriv --pdeathsig}: a process gets a signal when its parent dies. The program gets SIGTERM, so the JVM
 * still runs its shutdown hooks and the agent writes its final run file. A tracer gets SIGKILL, because strace
 * blocks fatal signals while its program runs and its counts have no reader once ringzero is gone; the kernel
 * then detaches the program, whose parent (the tracer) has died, so it gets its SIGTERM in turn. A tracer counts
 * setpriv's own ~150 start-up syscalls with the program's. Without setpriv the command runs as given.
 */
public final class ChildLifetime {

    private static final String SETPRIV = "/usr/bin/setpriv";
    private static volatile Boolean available;

    private ChildLifetime() {
    }

    /** The program's command, made to end (SIGTERM) with its parent where the machine allows it. */
    public static List<String> program(List<String> command) {
        return endingWithParent(command, "TERM");
    }

    /** A tracer's command, made to end (SIGKILL) with its parent where the machine allows it. */
    public static List<String> tracer(List<String> command) {
        return endingWithParent(command, "KILL");
    }

    private static List<String> endingWithParent(List<String> command, String signal) {
        if (!available()) {
            return command;
        }
        List<String> cmd = new ArrayList<>(command.size() + 4);
        cmd.addAll(List.of(SETPRIV, "--pdeathsig", signal, "--"));
        cmd.addAll(command);
        return cmd;
    }

    static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = probe();
            available = a;
        }
        return a;
    }

    /** util-linux older than 2.33 has setpriv without --pdeathsig: try it once. */
    private static boolean probe() {
        if (!Files.isExecutable(Path.of(SETPRIV))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(SETPRIV, "--pdeathsig", "TERM", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** The executable a command's first word names (a path, or a name looked up on PATH), or null. */
    public static Path executable(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
