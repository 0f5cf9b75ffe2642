package io.ringzero.report.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class KmlHostTest {

    @TempDir
    Path root;

    private void kernel(String release, String version) throws IOException {
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), release + "\n");
        Files.writeString(root.resolve("proc/version"), version + "\n");
    }

    @Test
    void aStockKernelIsNotKml() throws IOException {
        kernel("6.18.44", "Linux version 6.18.44 (gcc 15.3.0) #1 SMP PREEMPT_DYNAMIC");
        KmlHost h = KmlHost.detect(root);
        assertThat(h.kml()).isFalse();
        assertThat(h.release()).isEqualTo("6.18.44");
        assertThat(h.evidence()).contains("/proc/version").contains("CONFIG_KERNEL_MODE_LINUX");
    }

    @Test
    void aKmlReleaseStringIsAMarker() throws IOException {
        kernel("4.0.4-kml", "Linux version 4.0.4-kml (gcc 4.9) #1 SMP");
        assertThat(KmlHost.detect(root).kml()).isTrue();
    }

    @Test
    void theKernelConfigurationIsAMarker() throws IOException {
        kernel("4.0.4", "Linux version 4.0.4 #1 SMP");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(root.resolve("proc/config.gz")))) {
            out.write("CONFIG_X86_64=y\nCONFIG_KERNEL_MODE_LINUX=y\n".getBytes());
        }
        KmlHost h = KmlHost.detect(root);
        assertThat(h.kml()).isTrue();
        assertThat(h.evidence()).contains("CONFIG_KERNEL_MODE_LINUX=y");
    }

    @Test
    void thisMachineIsNotKml() {
        // The development machine's kernel; if this fails, the --kml refusal IT is skipped and the real
        // comparison can be tried.
        assertThat(KmlHost.detect().kml()).isFalse();
    }

    @Test
    void auxvProbeFindsAtSysinfoOnlyWhenPresent() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        b.putLong(33).putLong(0x7fff0000L);        // AT_SYSINFO_EHDR (the vDSO): every process has it
        b.putLong(32).putLong(0xffffffff81197960L); // AT_SYSINFO: only a KML kernel-mode process
        b.putLong(0).putLong(0);
        assertThat(AuxvProbe.atSysinfo(b.array())).isEqualTo(0xffffffff81197960L);
        byte[] none = new byte[32];
        ByteBuffer.wrap(none).order(ByteOrder.nativeOrder()).putLong(33).putLong(1);
        assertThat(AuxvProbe.atSysinfo(none)).isZero();
        assertThat(AuxvProbe.atSysinfo(Files.readAllBytes(Path.of("/proc/self/auxv")))).isZero();
    }
}
