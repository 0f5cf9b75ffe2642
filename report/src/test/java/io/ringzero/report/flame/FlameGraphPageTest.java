package io.ringzero.report.flame;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlameGraphPageTest {

    static final String HOSTILE = "</script><script>document.body.dataset.pwned=1</script>";

    @Test
    void aFrameNameCannotCloseTheScriptElement() throws IOException {
        String page = FlameGraphPage.fromCollapsed(new StringReader("main;" + HOSTILE + ";write 5\nmain;read 3\n"), "t");

        assertThat(Pattern.compile("<script").matcher(page).results().count()).isEqualTo(1);
        assertThat(Pattern.compile("</script").matcher(page).results().count()).isEqualTo(1);
        // still the same frame once the script has parsed its string table
        assertThat(page).contains("\\x3c/script>\\x3cscript>document.body.dataset.pwned=1\\x3c/script>");
    }

    @Test
    void thePageAllowsOnlyItsOwnScriptAndNoNetwork() throws Exception {
        String page = FlameGraphPage.fromCollapsed(new StringReader("a;b 1\n"), "t");
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "script-src 'sha256-([^']+)'; style-src 'unsafe-inline'\">").matcher(page);
        assertThat(csp.find()).isTrue();
        String script = page.substring(page.indexOf("<script>") + 8, page.indexOf("</script>"));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));

        assertThat(csp.group(1)).isEqualTo(Base64.getEncoder().encodeToString(hash));
        assertThat(page.indexOf("Content-Security-Policy")).isLessThan(page.indexOf("<script>"));
    }

    @Test
    void theTitleIsEscapedTheConverterWouldWriteItRaw() throws IOException {
        String page = FlameGraphPage.fromCollapsed(new StringReader("a 1\n"), "run <b>\"x\"</b>");

        assertThat(page).contains("<h1>run &lt;b&gt;&quot;x&quot;&lt;/b&gt;</h1>").doesNotContain("<b>");
    }

    @Test
    void aPageAsyncProfilerWroteIsDrawnAgainHardened() throws IOException {
        // what the agent's <run>.cpu.html holds: the converter's own page, unescaped
        String original = FlameGraphPage.fromCollapsed(new StringReader("main;" + HOSTILE + " 5\n"), "t")
                .replace("\\x3c", "<");
        String page = FlameGraphPage.fromPage(new StringReader(original), "again");

        assertThat(Pattern.compile("<script").matcher(page).results().count()).isEqualTo(1);
        assertThat(page).contains("\\x3c/script>\\x3cscript>", "<h1>again</h1>");
    }

    @Test
    void aPageOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> FlameGraphPage.harden("<html><script>x</script></html>"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no frame table");
    }
}
