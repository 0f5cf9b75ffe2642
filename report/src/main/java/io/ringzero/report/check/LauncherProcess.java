package io.ringzero.report.check;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link FilteredLauncher} in a JVM of its own and reads its result. The orchestrator only ever
 * waits for it: the filter lives and dies with the launcher and the workload under it.
 */
final class LauncherProcess {

    /** The launcher's own JVM should start fast and stay out of the way: it only waits for the workload. */
    private static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-BackgroundCompilation",
            "-Xmx64m");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String javaExe;
    private final String classPath;

    LauncherProcess() {
        this.javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The report's own classes and JNA: the shaded jar when run as `ringzero`, the build tree in tests.
        this.classPath = System.getProperty("java.class.path");
    }

    /** Only measures what the filters add per syscall. */
    LaunchResult probe(List<Integer> loads, Path result) {
        List<String> cmd = base(result, loads);
        cmd.add("--probe");
        Path log = result.resolveSibling(result.getFileName() + ".log");
        int code = start(cmd, log, log);
        LaunchResult r = read(result, code, log);
        if (r.error() != null) {
            throw launcherFailure(r.error());
        }
        return r;
    }

    /** Runs the workload under the filters; stdout and stderr of the workload go to the given files. */
    LaunchResult run(List<Integer> loads, List<String> workload, Path result, Path stdout, Path stderr) {
        List<String> cmd = base(result, loads);
        cmd.add("--");
        cmd.addAll(workload);
        int code = start(cmd, stdout, stderr);
        LaunchResult r = read(result, code, stderr);
        if (r.error() != null) {
            throw launcherFailure(r.error());
        }
        return r;
    }

    private List<String> base(Path result, List<Integer> loads) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExe);
        cmd.addAll(LAUNCHER_JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(FilteredLauncher.class.getName());
        cmd.add("--result");
        cmd.add(result.toString());
        if (!loads.isEmpty()) {
            cmd.add("--loads");
            cmd.add(String.join(",", loads.stream().map(String::valueOf).toList()));
        }
        return cmd;
    }

    private static int start(List<String> cmd, Path stdout, Path stderr) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile());
            if (stderr.equals(stdout)) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(stderr.toFile());
            }
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            // If ringzero is interrupted, the launcher and the program under it must not run on unseen.
            Thread stop = new Thread(() -> {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }, "ringzero-stop-run");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                return p.waitFor();
            } finally {
                Runtime.getRuntime().removeShutdownHook(stop);
            }
        } catch (IOException e) {
            throw new CheckFailure(1, "cannot start the launcher JVM " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailure(1, "interrupted");
        }
    }

    private static LaunchResult read(Path result, int code, Path stderr) {
        if (!Files.isRegularFile(result)) {
            throw new CheckFailure(1, "the launcher exited with code " + code + " and left no result"
                    + StderrTail.of(stderr, 5).asDetail());
        }
        try {
            return JSON.readValue(Files.readString(result, StandardCharsets.UTF_8), LaunchResult.class);
        } catch (IOException e) {
            throw new CheckFailure(1, "the launcher's result " + result + " is unreadable: " + e.getMessage());
        }
    }

    private static CheckFailure launcherFailure(String error) {
        if (error.contains("seccomp") || error.contains("PR_SET_NO_NEW_PRIVS")) {
            return new CheckFailure(2, error + ": the added-cost check cannot run on this system");
        }
        return new CheckFailure(1, "the launcher failed: " + error);
    }
}
