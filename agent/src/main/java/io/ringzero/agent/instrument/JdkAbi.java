package io.ringzero.agent.instrument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which stat syscalls this JDK's native libraries issue, read from the symbols they import: a JDK built
 * on glibc before 2.33 imports {@code __fxstat64} (fstat/stat/lstat syscalls), a newer one {@code fstat64}
 * (newfstatat); libnio importing {@code statx} stats through statx.
 */
public final class JdkAbi {
    public final boolean legacyStat;
    public final boolean statx;

    private JdkAbi(boolean legacyStat, boolean statx) {
        this.legacyStat = legacyStat;
        this.statx = statx;
    }

    public static JdkAbi of(Path javaHome) {
        return new JdkAbi(imports(javaHome.resolve("lib/libjava.so"), "__fxstat64"),
                imports(javaHome.resolve("lib/libnio.so"), "statx"));
    }

    /** Whether the library's bytes hold the symbol name as a NUL-terminated string (its dynamic string table). */
    static boolean imports(Path library, String symbol) {
        try {
            byte[] bytes = Files.readAllBytes(library);
            byte[] name = ("\0" + symbol + "\0").getBytes(StandardCharsets.ISO_8859_1);
            outer:
            for (int i = 0; i + name.length <= bytes.length; i++) {
                for (int j = 0; j < name.length; j++) if (bytes[i + j] != name[j]) continue outer;
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
