package io.ringzero.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryCopyTest {
    @Test
    void extractsOnceAndReusesOnlyAMatchingCopy(@TempDir Path tmp) throws Exception {
        byte[] lib = new byte[200_000];
        new Random(1).nextBytes(lib);
        Path jar = tmp.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("linux-x64/libasyncProfiler.so"));
            out.write(lib);
            out.closeEntry();
        }
        URL entry = new URL("jar:" + jar.toUri() + "!/linux-x64/libasyncProfiler.so");
        Path root = Files.createDirectory(tmp.resolve("tmp"));

        Path so = LibraryCopy.of(entry, root);
        assertThat(so).isNotNull();
        assertThat(Files.readAllBytes(so)).isEqualTo(lib);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(so.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(so))).isEqualTo("rw-------");

        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(so, written);
        assertThat(LibraryCopy.of(entry, root)).isEqualTo(so);
        assertThat(Files.getLastModifiedTime(so)).as("an unchanged copy is not rewritten").isEqualTo(written);

        byte[] tampered = lib.clone();
        tampered[1234] ^= 1;
        Files.write(so, tampered);
        assertThat(LibraryCopy.of(entry, root)).isEqualTo(so);
        assertThat(Files.readAllBytes(so)).as("a copy that does not match is replaced").isEqualTo(lib);
        try (var files = Files.list(so.getParent())) {
            assertThat(files.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("lib.so"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        Path root = Files.createDirectory(tmp.resolve("tmp"));
        Path dir = LibraryCopy.of(new URL("jar:" + jar.toUri() + "!/lib.so"), root).getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(LibraryCopy.of(new URL("jar:" + jar.toUri() + "!/lib.so"), root)).isNull();
    }
}
