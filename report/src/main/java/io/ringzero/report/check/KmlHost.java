package io.ringzero.report.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Whether this kernel is a Kernel Mode Linux kernel, from the kernel's own markers only: nothing is
 * created or run. KML kernels carry "kml" in their release string by convention, a KML build has
 * CONFIG_KERNEL_MODE_LINUX in its configuration, and the patch may add a sysctl. The decisive test
 * (a program under /trusted that finds AT_SYSINFO in its auxiliary vector) comes after, and only on a
 * kernel with a marker, so that a non-KML system is never touched.
 *
 * @param kml       a marker was found
 * @param release   the kernel release
 * @param evidence  which marker, or what was looked at when none was found
 */
public record KmlHost(boolean kml, String release, String evidence) {

    public static KmlHost detect() {
        return detect(Path.of("/"));
    }

    /** {@code root} is "/" except in tests, which build a fake /proc and /boot. */
    static KmlHost detect(Path root) {
        String release = read(root.resolve("proc/sys/kernel/osrelease")).trim();
        String version = read(root.resolve("proc/version"));
        if (version.toLowerCase(Locale.ROOT).contains("kml") || release.toLowerCase(Locale.ROOT).contains("kml")) {
            return new KmlHost(true, release, "/proc/version names a kml kernel");
        }
        Path sysKernel = root.resolve("proc/sys/kernel");
        if (Files.isDirectory(sysKernel)) {
            try (Stream<Path> entries = Files.list(sysKernel)) {
                var kmlEntry = entries.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).contains("kml"))
                        .findFirst();
                if (kmlEntry.isPresent()) {
                    return new KmlHost(true, release, "/proc/sys/kernel/" + kmlEntry.get().getFileName() + " exists");
                }
            } catch (IOException e) {
                // unreadable: fall through to the configuration
            }
        }
        String config = readGzip(root.resolve("proc/config.gz")) + read(root.resolve("boot/config-" + release));
        if (config.contains("CONFIG_KERNEL_MODE_LINUX=y")) {
            return new KmlHost(true, release, "the kernel configuration has CONFIG_KERNEL_MODE_LINUX=y");
        }
        return new KmlHost(false, release, "no 'kml' in /proc/version, no kml entry under /proc/sys/kernel, "
                + "no CONFIG_KERNEL_MODE_LINUX=y in the kernel configuration");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String readGzip(Path p) {
        if (!Files.isRegularFile(p)) {
            return "";
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
