package io.ringzero.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A child-JVM workload that performs one {@link IoOperation} {@code n} times, so that the difference between a run
 * of n and a run of 2n isolates exactly the syscalls of n operations. Usage: {@code IoWorkload OP N DIR}.
 */
public final class IoWorkload {
    public static void main(String[] args) throws Exception {
        String op = args[0];
        int n = Integer.parseInt(args[1]);
        Path dir = Paths.get(args[2]);
        Files.createDirectories(dir);
        IoOperation.named(op).run(n, dir);
        System.out.println("done " + op + " " + n);
    }
}
