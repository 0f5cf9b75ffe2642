package io.ringzero.report.render;

import io.ringzero.report.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The evil fixture carries markup in every string field a run file has. */
class EscapingTest {

    static final String FILE = "<script>alert(1)</script>\"'&.txt";
    final Report report = Report.of(List.of(Fixtures.load("evil")));

    @Test
    void htmlShowsTheMarkupAsText() {
        String html = Html.render(report);
        assertThat(html).contains(Escape.html(FILE))
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;.txt")
                .doesNotContain("alert(1)</script>")
                .doesNotContain("<img")
                .doesNotContain("document.title='pwned'</script>")
                .doesNotContain("\u2028").doesNotContain("\u2029");
        // exactly our three script elements: uPlot, the data block, the page's own code
        assertThat(count(html, "<script")).isEqualTo(3);
        assertThat(count(html, "</script")).isEqualTo(3);
    }

    @Test
    void inlineJsonCannotCloseItsElement() {
        String html = Html.render(report);
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"ringzero-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        String json = m.group(1);
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("'")
                .contains("\\u003C\\u002Fscript\\u003E"); // the payload in a syscall name, escaped
    }

    @Test
    void contentSecurityPolicyAllowsOnlyOurScripts() {
        String html = Html.render(report);
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'")
                .doesNotContain("unsafe-inline'; style").contains("script-src 'sha256-");
    }

    @Test
    void markdownEscapesToo() {
        String md = Markdown.render(report);
        assertThat(md).doesNotContain("<script").doesNotContain("<img").doesNotContain("</script")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;.txt")
                .doesNotContain("\u2028");
        for (String line : md.split("\n")) {
            if (line.startsWith("| ")) {
                // every cell separator is ours: escaped pipes never split a cell
                assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count())
                        .isGreaterThanOrEqualTo(4);
            }
        }
    }

    /** evil.json's one resource: a file name with a script, quotes, an ampersand, a newline and a pipe. */
    static final String RESOURCE = "/tmp/<script>document.body.setAttribute('data-pwned','3')</script>\"'&\n| evil.dat";

    @Test
    void hostileFileNamesAreTextInTheSiteAndTheFilesTable() {
        String html = Html.render(report);
        String shown = Escape.html(ResourceStats.shown(RESOURCE));
        assertThat(shown).contains("\\n| evil.dat").doesNotContain("\n");
        // in the summary's top source, its kind's top resources, under its site, in the Files and sockets table
        assertThat(count(html, shown)).isEqualTo(4);
        assertThat(html).doesNotContain("<script>document.body").doesNotContain("\n| evil.dat");
        String md = Markdown.render(report);
        assertThat(md).contains("/tmp/&lt;script&gt;document.body.setAttribute('data-pwned','3')&lt;/script&gt;\"'&amp;\\\\n\\| evil.dat")
                .doesNotContain("\n| evil.dat");
    }

    @Test
    void terminalGetsNoControlCharacters() {
        String table = TerminalTable.render(report);
        assertThat(table).doesNotContain("\u2028").doesNotContain("\u001b").doesNotContain("\n| evil.dat")
                .contains("files and sockets (estimated from the stack walks): /tmp/<script>");
    }

    @Test
    void escapeHandlesQuotesAndAmpersands() {
        assertThat(Escape.html("a<b>\"c\"&'d'")).isEqualTo("a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;");
        assertThat(Escape.markdown("*x* | [y](z)")).isEqualTo("\\*x\\* \\| \\[y\\](z)");
        assertThat(Escape.scriptJson(com.fasterxml.jackson.databind.node.TextNode.valueOf("</script>\u2028&'")))
                .isEqualTo("\"\\u003C\\u002Fscript\\u003E\\u2028\\u0026\\u0027\"");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
