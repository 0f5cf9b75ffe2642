package io.ringzero.report.calibrate;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a trap cost depends on: kernel, CPU and its vulnerability mitigations (KPTI alone can add
 * 100+ ns per call). Two machines with the same identity share a calibration.
 */
public record MachineIdentity(@JsonProperty("kernel") String kernel,
                              @JsonProperty("cpu_model") String cpuModel,
                              @JsonProperty("cpus") int cpus,
                              @JsonProperty("vulnerabilities") Map<String, String> vulnerabilities) {

    public MachineIdentity {
        // Sorted, so that the JSON and the text output list them in a stable order.
        vulnerabilities = vulnerabilities == null ? Map.of()
                : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(vulnerabilities));
    }

    /** Reads this machine's identity from /proc and /sys; unreadable parts become "unknown". */
    public static MachineIdentity current() {
        return read(Path.of("/"));
    }

    static MachineIdentity read(Path root) {
        String kernel = firstLine(root.resolve("proc/sys/kernel/osrelease"));
        String cpu = "unknown";
        try {
            for (String line : Files.readAllLines(root.resolve("proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not every architecture or container exposes "model name"; the kernel still identifies us.
        }
        Map<String, String> vulns = new TreeMap<>();
        Path dir = root.resolve("sys/devices/system/cpu/vulnerabilities");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    vulns.put(f.getFileName().toString(), firstLine(f));
                }
            } catch (IOException e) {
                // Leave the map partial: it is informational and part of the cache key.
            }
        }
        return new MachineIdentity(kernel, cpu, Runtime.getRuntime().availableProcessors(), vulns);
    }

    private static String firstLine(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A short stable key for the cache file name; the CPU count is left out since it does not change a trap. */
    public String cacheKey() {
        StringBuilder sb = new StringBuilder(kernel).append('\n').append(cpuModel);
        new TreeMap<>(vulnerabilities).forEach((k, v) -> sb.append('\n').append(k).append('=').append(v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Whether a calibration from {@code other} is valid here: same kernel, CPU and mitigations. */
    public boolean sameTrapCostAs(MachineIdentity other) {
        return other != null && cacheKey().equals(other.cacheKey());
    }
}
