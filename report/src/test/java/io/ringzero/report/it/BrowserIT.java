package io.ringzero.report.it;

import io.ringzero.report.Fixtures;
import io.ringzero.report.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the HTML report in headless Chromium: the charts must draw, no string from the run may run as script,
 * and a screenshot is kept in target/it/browser for people to look at.
 */
class BrowserIT {

    static String chromium;

    @BeforeAll
    static void findChromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    chromium = Path.of(dir, name).toString();
                    return;
                }
            }
        }
        assumeTrue(false, "chromium is not installed (apt-get install chromium): browser test skipped");
    }

    @Test
    void hostileStringsStayTextAndChartsDraw() throws Exception {
        Path dir = Processes.itDir("browser");
        Path html = report(dir.resolve("evil"), Fixtures.path("evil"));
        String dom = dumpDom(dir, html);
        // the payloads would set the title, add an attribute to <body> or add an <img> or a <script>
        assertThat(title(dom)).isEqualTo("RingZero report");
        assertThat(Pattern.compile("<script").matcher(dom).results().count()).isEqualTo(3);
        String markup = dom.replaceAll("(?s)<script[^>]*>.*?</script>", "<script></script>");
        assertThat(markup).doesNotContainPattern("<[a-z]+[^>]*\\sdata-pwned").doesNotContain("<img");
        assertThat(markup).contains("document.body.setAttribute(&#39;data-pwned&#39;,&#39;2&#39;)".replace("&#39;", "'"));
        assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;.txt"); // shown as text
        // a thread's name in the Threads table, as text
        assertThat(dom).contains("&lt;img src=x onerror=document.body.setAttribute('data-pwned','4')&gt;");
        // a file name with a newline, shown as \n, not as a line break
        assertThat(dom).contains("/tmp/&lt;script&gt;document.body.setAttribute('data-pwned','3')&lt;/script&gt;\"'&amp;\\n| evil.dat");
        assertChartsDrawn(dom, 2);
        assertNotUniform(screenshot(dir, html, dir.resolve("evil.png")));
    }

    @Test
    void threadNamesFromTheKernelStayText() throws Exception {
        Path dir = Processes.itDir("browser");
        Path html = report(dir.resolve("threads"), Fixtures.path("with-threads"));
        String dom = dumpDom(dir, html);
        String markup = dom.replaceAll("(?s)<script[^>]*>.*?</script>", "<script></script>");
        assertThat(markup).contains("Who makes the syscalls").doesNotContain("<img");
        assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt;"); // the thread's name, shown as text
    }

    @Test
    void clientAndServerReport() throws Exception {
        Path dir = Processes.itDir("browser");
        Path html = report(dir.resolve("client-server"), Fixtures.path("client"), Fixtures.path("server"));
        String dom = dumpDom(dir, html);
        assertChartsDrawn(dom, 6); // combined + two runs, a timeline and a bar chart each
        assertNotUniform(screenshot(dir, html, dir.resolve("client-server.png")));
    }

    @Test
    void flameGraphPagesKeepHostileFrameNamesAsData() throws Exception {
        Path dir = Processes.itDir("browser");
        Path index = report(dir.resolve("profiled"), Fixtures.path("profiled"));
        assertThat(dumpDom(dir, index)).doesNotContainPattern("<body[^>]*data-pwned");
        for (String page : List.of("profiled.cpu.html", "profiled.sites.html")) {
            Path html = index.resolveSibling(page);
            String dom = dumpDom(dir, html);
            // the frame sets data-pwned on <body> if it gets out of the string table
            assertThat(dom).as(page).doesNotContainPattern("<body[^>]*data-pwned");
            assertThat(Pattern.compile("<script").matcher(dom).results().count()).as(page).isEqualTo(1);
            assertThat(dom).as(page).contains("<canvas id=\"canvas\"");
            assertNotUniform(screenshot(dir, html, dir.resolve(page.replace(".html", ".png"))));
        }
    }

    @Test
    void theConvertersOwnPageWouldRunTheFrameThisIsWhatTheTestCatches() throws Exception {
        // Control for the test above: the same stacks through async-profiler's converter alone, not hardened.
        Path dir = Processes.itDir("browser");
        Path raw = dir.resolve("unhardened.html");
        one.convert.FlameGraph fg = new one.convert.FlameGraph(new one.convert.Arguments());
        try (java.io.Reader in = Files.newBufferedReader(Fixtures.path("profiled").resolveSibling("profiled.json.cpu.collapsed"));
             java.io.PrintStream out = new java.io.PrintStream(raw.toFile(), java.nio.charset.StandardCharsets.UTF_8)) {
            fg.parseCollapsed(in);
            fg.dump(out);
        }
        assertThat(dumpDom(dir, raw)).containsPattern("<body[^>]*data-pwned=\"1\"");
    }

    private static Path report(Path out, Path... runs) {
        List<String> args = new ArrayList<>(List.of("report"));
        for (Path r : runs) {
            args.add(r.toString());
        }
        args.addAll(List.of("-o", out.toString()));
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        return out.resolve("index.html");
    }

    private static String dumpDom(Path dir, Path html) throws Exception {
        Processes p = Processes.run(dir, 120, chromium(dir, "--dump-dom", html.toUri().toString()));
        assertThat(p.exit()).as(p.toString()).isZero();
        return p.out();
    }

    private static Path screenshot(Path dir, Path html, Path png) throws Exception {
        Files.deleteIfExists(png);
        Processes p = Processes.run(dir, 120, chromium(dir, "--screenshot=" + png, html.toUri().toString()));
        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(png).isRegularFile();
        return png;
    }

    private static List<String> chromium(Path dir, String action, String url) throws IOException {
        Path profile = Files.createTempDirectory(Files.createDirectories(dir.resolve("profiles")), "chromium");
        return List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--window-size=1280,2000", action, url);
    }

    private static String title(String dom) {
        Matcher m = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("a <title> in the DOM").isTrue();
        return m.group(1);
    }

    /** report.js sets data-charts-rendered on <body> after each uPlot draw; data-charts-expected is its target. */
    private static void assertChartsDrawn(String dom, int expected) {
        assertThat(dom).contains("data-charts-expected=\"" + expected + "\"")
                .contains("data-charts-rendered=\"" + expected + "\"");
        assertThat(Pattern.compile("<canvas").matcher(dom).results().count()).isGreaterThanOrEqualTo(expected);
    }

    private static void assertNotUniform(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours in " + png).isGreaterThan(20);
    }
}
