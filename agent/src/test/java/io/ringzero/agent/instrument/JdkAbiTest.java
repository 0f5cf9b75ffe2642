package io.ringzero.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkAbiTest {
    private static final Path LIBJAVA = Path.of(System.getProperty("java.home"), "lib", "libjava.so");

    @Test
    void findsNamesInTheNamedSectionOnly() {
        assertThat(JdkAbi.holds(LIBJAVA, ".dynstr", "JNI_OnLoad")).isTrue();
        assertThat(JdkAbi.holds(LIBJAVA, ".dynstr", "no_such_symbol_ringzero")).isFalse();
        assertThat(JdkAbi.holds(LIBJAVA, ".no_such_section", "JNI_OnLoad")).isFalse();
    }

    @Test
    void thisJdkImportsOneOfTheTwoStatAbis() {
        boolean legacy = JdkAbi.holds(LIBJAVA, ".dynstr", "__fxstat64");
        boolean modern = JdkAbi.holds(LIBJAVA, ".dynstr", "fstat64");
        assertThat(legacy ^ modern).as("legacy %s, modern %s", legacy, modern).isTrue();
        assertThat(JdkAbi.of(Path.of(System.getProperty("java.home"))).legacyStat).isEqualTo(legacy);
    }

    @Test
    void notAnElfIsNo(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("x.so"), "not an ELF file at all, but long enough to have a header.....");
        assertThat(JdkAbi.holds(f, ".dynstr", "x")).isFalse();
        assertThat(JdkAbi.holds(tmp.resolve("missing.so"), ".dynstr", "x")).isFalse();
    }
}
