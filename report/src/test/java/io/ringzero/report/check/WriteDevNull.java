package io.ringzero.report.check;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check's test workload: a known number of one-byte writes to /dev/null, each one syscall
 * (FileOutputStream is unbuffered). Prints its own seccomp mode so the tests can see where the filter is.
 *
 * <pre>WriteDevNull WRITES [fail]</pre>  with {@code fail}: complains on stderr and exits 3.
 */
public final class WriteDevNull {

    private WriteDevNull() {
    }

    public static void main(String[] args) throws IOException {
        int writes = Integer.parseInt(args[0]);
        try (FileOutputStream out = new FileOutputStream("/dev/null")) {
            for (int i = 0; i < writes; i++) {
                out.write(i);
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Seccomp")) {
                System.out.println(line.replace('\t', ' '));
            }
        }
        if (args.length > 1 && args[1].equals("fail")) {
            System.err.println("WriteDevNull: asked to fail");
            System.err.println("WriteDevNull: exiting with 3");
            System.exit(3);
        }
    }
}
