package io.ringzero.report.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * uPlot, read from its webjar on the classpath at render time so the report inlines it and works offline.
 * The version is taken from the webjar's own pom.properties, so a dependency bump needs no code change.
 */
public record ChartLibrary(String version, String script, String css) {

    private static final String PROPS = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    public static ChartLibrary load() {
        ClassLoader cl = ChartLibrary.class.getClassLoader();
        Properties p = new Properties();
        try (InputStream in = cl.getResourceAsStream(PROPS)) {
            if (in == null) {
                throw new IllegalStateException("uPlot webjar missing from the classpath (" + PROPS + ")");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PROPS, e);
        }
        String version = p.getProperty("version");
        String base = "META-INF/resources/webjars/uplot/" + version + "/dist/";
        return new ChartLibrary(version, read(cl, base + "uPlot.iife.min.js"), read(cl, base + "uPlot.min.css"));
    }

    private static String read(ClassLoader cl, String name) {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("uPlot webjar lacks " + name);
            }
            // A library string containing "</script" or "</style" would end the inline element early.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("(?i)</(script|style)", "<\\\\/$1");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
