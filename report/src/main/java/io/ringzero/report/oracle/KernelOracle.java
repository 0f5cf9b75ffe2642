package io.ringzero.report.oracle;

import io.ringzero.report.runfile.Run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A way to have the kernel count every syscall of a launched process (all threads, the JVM's own included),
 * to be stored as the run file's {@code kernel_oracle}.
 */
public interface KernelOracle {

    /** "perf" or "strace", as written into {@code kernel_oracle.tool}. */
    String tool();

    /** The command that runs {@code command} under the tool, which writes its counts to {@code output}. */
    List<String> wrap(List<String> command, Path output);

    /** Options for the traced JVM's command line, after the executable's name. */
    default List<String> jvmOptions() {
        return List.of();
    }

    /** What the tool said about a failure, as a clause for an error message ("; bpftrace said: ..."), or "". */
    default String said(Path output) {
        return "";
    }

    /** The counts the tool wrote. */
    Run.KernelOracle parse(Path output) throws IOException;
}
