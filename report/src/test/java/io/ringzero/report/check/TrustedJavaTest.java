package io.ringzero.report.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The /trusted layout, built in a temporary directory instead of /trusted: proves that a copied
 * {@code bin/java} with the JDK's {@code lib} and {@code conf} linked beside it starts a JVM, and that
 * everything is removed afterwards. Whether it then runs in ring 0 needs a KML kernel.
 */
class TrustedJavaTest {

    @TempDir
    Path tmp;

    @Test
    void aCopiedLauncherWithLinkedLibStartsAJvmAndIsRemoved() throws Exception {
        Path trusted = tmp.resolve("trusted");
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path home;
        try (TrustedJava t = TrustedJava.create(trusted, javaHome)) {
            home = t.home();
            assertThat(t.java()).isRegularFile();
            assertThat(Files.isSymbolicLink(t.java())).isFalse();
            assertThat(t.java().toRealPath()).startsWith(trusted.toRealPath());
            Process p = new ProcessBuilder(t.java().toString(), "-cp", System.getProperty("java.class.path"),
                    AuxvProbe.class.getName()).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            // Not a KML kernel: the probe runs, finds no AT_SYSINFO and says so with exit code 3.
            assertThat(out.trim()).isEqualTo("AT_SYSINFO=none");
            assertThat(p.exitValue()).isEqualTo(3);
        }
        assertThat(home).doesNotExist();
        assertThat(trusted).doesNotExist();
        assertThat(javaHome.resolve("lib")).isDirectory();   // the links were removed, not their targets
    }

    @Test
    void anExistingTrustedDirectoryIsKept() throws Exception {
        Path trusted = Files.createDirectories(tmp.resolve("trusted"));
        Files.writeString(trusted.resolve("someone-elses"), "x");
        try (TrustedJava t = TrustedJava.create(trusted, Path.of(System.getProperty("java.home")))) {
            assertThat(t.java()).exists();
        }
        try (var left = Files.list(trusted)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("someone-elses"));
        }
    }

    @Test
    void theWorkloadsJdkIsFoundFromItsJavaCommand() {
        Path home = Path.of(System.getProperty("java.home"));
        assertThat(TrustedJava.javaHomeOf(home.resolve("bin/java").toString())).isEqualTo(home.toAbsolutePath().normalize());
        assertThatThrownBy(() -> TrustedJava.create(tmp.resolve("t"), tmp)).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("not a JDK");
    }
}
