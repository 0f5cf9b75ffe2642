import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fixtures' workload: 20,000 one-byte writes and 20,000 one-byte reads, unbuffered, then 1 s of writes to /dev/null. */
public class Writes {
    public static void main(String[] args) throws IOException {
        Path f = Files.createTempFile("ringzero-fixture", ".bin");
        try (FileOutputStream out = new FileOutputStream(f.toFile())) {
            for (int i = 0; i < 20_000; i++) {
                out.write('x');
            }
        }
        try (FileInputStream in = new FileInputStream(f.toFile())) {
            for (int i = 0; i < 20_000; i++) {
                in.read();
            }
        }
        Files.delete(f);
        long end = System.nanoTime() + 1_000_000_000L;
        try (FileOutputStream out = new FileOutputStream("/dev/null")) {
            while (System.nanoTime() < end) {
                out.write('x');
            }
        }
    }
}
