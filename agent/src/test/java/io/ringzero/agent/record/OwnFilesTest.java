package io.ringzero.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run file's atomic replace leaves nothing behind when it fails, and never replaces what is not a file. */
class OwnFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesAFile() throws IOException {
        File f = dir.resolve("run.json").toFile();
        OwnFiles.replace(f, "{}".getBytes());
        OwnFiles.replace(f, "{\"a\": 1}".getBytes());
        assertThat(Files.readString(f.toPath())).isEqualTo("{\"a\": 1}");
        assertThat(dir.toFile().list()).containsExactly("run.json");
    }

    @Test
    void aDirectoryIsNotReplacedAndNoTmpIsLeft() throws IOException {
        Path target = Files.createDirectory(dir.resolve("run.json"));
        assertThatThrownBy(() -> OwnFiles.replace(target.toFile(), "{}".getBytes())).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        assertThat(dir.toFile().list()).containsExactly("run.json");
        assertThat(target).isDirectory();
    }

    @Test
    void aDeviceIsNeverReplaced() {
        assumeTrue(new File("/dev/null").exists());
        assertThatThrownBy(() -> OwnFiles.replace(new File("/dev/null"), "{}".getBytes())).isInstanceOf(IOException.class);
        assertThat(new File("/dev/null.tmp")).doesNotExist();
        assertThat(new File("/dev/null").isFile()).as("/dev/null is still a device").isFalse();
    }

    @Test
    void aFullFileSystemLeavesNoHalfWrittenFiles() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("small"));
        // an 8 KiB tmpfs needs root; elsewhere this case is left to a machine that has it
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0, "cannot mount a small tmpfs here");
        try {
            byte[] big = new byte[256 * 1024];
            assertThatThrownBy(() -> OwnFiles.replace(mnt.resolve("run.json").toFile(), big)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> OwnFiles.write(mnt.resolve("run.json.cpu.collapsed").toFile(), big))
                    .isInstanceOf(IOException.class);
            assertThat(mnt.toFile().list()).isEmpty();
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
