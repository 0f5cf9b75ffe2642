package io.ringzero.report.render;

import io.ringzero.report.flame.RunFlameGraphs;
import io.ringzero.report.runfile.AtomicFiles;
import io.ringzero.report.runfile.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report's files into its directory. Everything is rendered first, then written to temporary names,
 * then renamed: a failure leaves the previous report untouched rather than half-replaced.
 */
public final class ReportFiles {

    public static final String HTML = "index.html";
    public static final String MARKDOWN = "report.md";
    public static final String SUMMARY = "summary.json";

    private ReportFiles() {
    }

    public static void write(Report report, Path dir) throws BadInputException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(HTML, Html.render(report));
        files.put(MARKDOWN, Markdown.render(report));
        files.put(SUMMARY, JsonSummary.render(report));
        for (RunFlameGraphs g : report.flameGraphs()) {
            for (RunFlameGraphs.Graph page : List.of(g.cpu(), g.sites(), g.threads())) {
                if (page.present()) {
                    files.put(page.file(), page.html());
                }
            }
        }
        writeAll(dir, files);
    }

    public static void writeAll(Path dir, Map<String, String> files) throws BadInputException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(dir + ": cannot create the output directory: a file of that name exists");
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot create the output directory (" + reason(e) + ")");
        }
        List<Path[]> moves = new ArrayList<>();
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path tmp = AtomicFiles.tempBeside(dir.resolve(f.getKey()));
                moves.add(new Path[] {tmp, dir.resolve(f.getKey())});
                Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            }
            for (Path[] m : moves) {
                AtomicFiles.move(m[0], m[1]);
            }
        } catch (IOException e) {
            for (Path[] m : moves) {
                try {
                    Files.deleteIfExists(m[0]);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot and ends in .tmp
                }
            }
            throw new BadInputException(dir + ": cannot write the report (" + reason(e) + ")");
        }
    }

    public static String reason(IOException e) {
        String cls = e.getClass().getSimpleName().replace("Exception", "");
        String msg = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage();
        return msg == null ? cls : msg;
    }
}
