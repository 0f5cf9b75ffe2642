package io.ringzero.report.launch;

import io.ringzero.report.runfile.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A process {@code ringzero attach} may load the agent into, checked through {@code /proc} before anything is
 * sent to it: the Attach API signals a JVM with SIGQUIT to wake its attach listener, which kills a process that
 * is not a JVM and makes a JVM that refuses attach print a thread dump on its stdout.
 */
public record AttachTarget(long pid, String name) {

    static final String DISABLED = "-XX:+DisableAttachMechanism";

    /** The process, when it is a JVM of this user that accepts attach; else why not. */
    public static AttachTarget of(long pid) throws BadInputException {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (pid <= 0 || !Files.isDirectory(proc)) {
            throw new BadInputException("no process with pid " + pid);
        }
        String name = text(proc.resolve("comm")).strip();
        int owner = uid(proc), me = uid(Path.of("/proc/self"));
        if (owner != me) {
            throw new BadInputException("process " + pid + " (" + name + ") belongs to uid " + owner + ", not to this user "
                    + "(uid " + me + "): a JVM takes attach requests from its own user only; run ringzero attach as uid " + owner);
        }
        if (!mapsLibjvm(proc)) {
            throw new BadInputException("process " + pid + " (" + name + ") is not a Java virtual machine (no libjvm.so in its memory map)");
        }
        if (attachDisabled(proc)) {
            throw new BadInputException("JVM " + pid + " was started with " + DISABLED + ": it takes no attach requests");
        }
        return new AttachTarget(pid, name);
    }

    private static boolean mapsLibjvm(Path proc) throws BadInputException {
        for (String line : lines(proc.resolve("maps"))) {
            if (line.endsWith("/libjvm.so")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The flag on the command line or in the variables the launcher reads options from. A flags file (-XX:Flags)
     * would escape this; the Attach API's own check (the JVM's perf data) still catches it unless -XX:-UsePerfData.
     */
    private static boolean attachDisabled(Path proc) throws BadInputException {
        for (String arg : text(proc.resolve("cmdline")).split("\0")) {
            if (arg.equals(DISABLED)) {
                return true;
            }
        }
        for (String var : text(proc.resolve("environ")).split("\0")) {
            if ((var.startsWith("JAVA_TOOL_OPTIONS=") || var.startsWith("JDK_JAVA_OPTIONS=") || var.startsWith("_JAVA_OPTIONS="))
                    && List.of(var.substring(var.indexOf('=') + 1).split("\\s+")).contains(DISABLED)) {
                return true;
            }
        }
        return false;
    }

    private static int uid(Path proc) throws BadInputException {
        try {
            return (Integer) Files.getAttribute(proc, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new BadInputException(proc + ": cannot read the process's owner (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String text(Path file) throws BadInputException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("process " + file.getParent().getFileName() + " has ended");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static List<String> lines(Path file) throws BadInputException {
        return text(file).lines().toList();
    }
}
