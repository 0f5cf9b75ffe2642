package io.ringzero.report.flame;

import io.ringzero.report.render.Escape;
import one.convert.Arguments;
import one.convert.FlameGraph;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * async-profiler's flame graph page, drawn by async-profiler's own converter ({@code one.convert.FlameGraph}),
 * made safe to open.
 *
 * <p>The converter writes frame names into a JavaScript string table inside the page's only script element,
 * escaping quotes and backslashes but not {@code <}: a frame called {@code </script><script>...} (a native
 * symbol, or a source file name in a call site) would end the element and run. So every {@code <} in the
 * table becomes the JavaScript escape {@code \x3c} (the same character once parsed), the title is HTML-escaped
 * here (the converter writes it raw), and the page gets a Content-Security-Policy that lets only that one
 * script run, by hash, and nothing load from the network.
 */
public final class FlameGraphPage {

    private static final String TABLE_START = "const cpool = [";
    private static final String TABLE_END = "];";

    private FlameGraphPage() {
    }

    /** From collapsed stacks ({@code root;...;leaf count} per line, async-profiler's frame suffixes allowed). */
    public static String fromCollapsed(Reader collapsed, String title) throws IOException {
        FlameGraph fg = new FlameGraph(arguments(title));
        fg.parseCollapsed(collapsed);
        return harden(dump(fg));
    }

    /** From a flame graph page async-profiler wrote (its frames are re-read, the page is drawn anew). */
    public static String fromPage(Reader page, String title) throws IOException {
        FlameGraph fg = new FlameGraph(arguments(title));
        fg.parseHtml(page);
        return harden(dump(fg));
    }

    private static Arguments arguments(String title) {
        Arguments a = new Arguments();
        a.title = Escape.html(title);
        return a;
    }

    private static String dump(FlameGraph fg) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            fg.dump(ps);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Escapes the string table and adds the policy. A page whose shape is not the one this was written against
     * (another converter version) is refused rather than passed on unchecked.
     */
    static String harden(String page) {
        int table = page.indexOf(TABLE_START);
        int tableEnd = table < 0 ? -1 : page.indexOf("\n" + TABLE_END, table);
        if (tableEnd < 0) {
            throw new IllegalStateException("the converter's page has no frame table where expected");
        }
        String safe = page.substring(0, table)
                + page.substring(table, tableEnd).replace("<", "\\x3c")
                + page.substring(tableEnd);
        int open = safe.indexOf("<script>");
        int close = safe.indexOf("</script>");
        if (open < 0 || close < open || safe.indexOf("<script", open + 1) >= 0
                || safe.indexOf("</script", close + 1) >= 0) {
            throw new IllegalStateException("the converter's page does not have exactly one script element");
        }
        String script = safe.substring(open + "<script>".length(), close);
        String head = "<meta charset='utf-8'>";
        int meta = safe.indexOf(head);
        if (meta < 0) {
            throw new IllegalStateException("the converter's page has no charset declaration to put the policy after");
        }
        String policy = "\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
                + sha256(script) + "; style-src 'unsafe-inline'\">";
        return safe.substring(0, meta + head.length()) + policy + safe.substring(meta + head.length());
    }

    private static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
