package io.ringzero.report.launch;

import io.ringzero.report.runfile.BadInputException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The agent jar every command launches with ({@code run}, {@code demo}, {@code check}), and the
 * {@code -javaagent:} option that attaches it. The jar is, in this order: the one given with {@code --agent},
 * {@code -Dringzero.agent.jar}, {@code ringzero-agent.jar} beside the CLI's jar (an installed copy), or
 * {@code agent/target/ringzero-agent.jar} of the build tree the CLI runs from.
 */
public record AgentLaunch(Path jar) {

    public static final String PROPERTY = "ringzero.agent.jar";
    private static final String JAR_NAME = "ringzero-agent.jar";

    /** @param given the jar named on the command line, or null */
    public static AgentLaunch find(Path given) throws BadInputException {
        Path jar = given;
        if (jar == null && System.getProperty(PROPERTY) != null) {
            jar = Path.of(System.getProperty(PROPERTY));
        }
        if (jar == null) {
            jar = besideTheCli().stream().filter(Files::isRegularFile).findFirst().orElse(null);
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new BadInputException((jar == null ? "agent/target/" + JAR_NAME : jar.toString())
                    + ": no agent jar (build it with mvn -B -DskipTests package, or pass --agent JAR)");
        }
        // A jar without Premain-Class makes the JVM abort before main: say so before launching anything.
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            if (m == null || m.getMainAttributes().getValue("Premain-Class") == null) {
                throw new BadInputException(jar + ": not a Java agent jar (no Premain-Class in its manifest)");
            }
        } catch (IOException e) {
            throw new BadInputException(jar + ": cannot read the agent jar (" + e.getClass().getSimpleName() + ")");
        }
        return new AgentLaunch(jar.toAbsolutePath().normalize());
    }

    /** {@code -javaagent:JAR=out=RUN,OPTION,...}. */
    public String option(Path runFile, String... options) throws BadInputException {
        return "-javaagent:" + jar + "=" + options(runFile, options);
    }

    /**
     * The agent's option string {@code out=RUN,OPTION,...}, blank options left out.
     *
     * @throws BadInputException when the run file's path cannot travel in the agent's option string
     */
    public static String options(Path runFile, String... options) throws BadInputException {
        String out = runFile.toAbsolutePath().normalize().toString();
        if (out.contains(",")) {
            // The agent's option string is split on ','.
            throw new BadInputException(out + ": the agent's options cannot carry a path with a comma");
        }
        StringBuilder o = new StringBuilder("out=").append(out);
        for (String option : options) {
            if (option != null && !option.isBlank()) {
                o.append(',').append(option);
            }
        }
        return o.toString();
    }

    /** {@code java} followed by the agent's option and the rest of the command. */
    public List<String> command(List<String> javaCommand, Path runFile, String... options) throws BadInputException {
        List<String> cmd = new ArrayList<>(javaCommand.size() + 1);
        cmd.add(javaCommand.get(0));
        cmd.add(option(runFile, options));
        cmd.addAll(javaCommand.subList(1, javaCommand.size()));
        return cmd;
    }

    /** The jar's {@code Implementation-Version}, as the agent reports its own ({@code dev} when absent). */
    public String version() throws BadInputException {
        try (JarFile j = new JarFile(jar.toFile())) {
            String v = j.getManifest().getMainAttributes().getValue("Implementation-Version");
            return v == null ? "dev" : v;
        } catch (IOException e) {
            throw new BadInputException(jar + ": cannot read the agent jar (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Checks an option string with the agent's own parser, loaded from the jar: a bad option is refused here, in
     * one line, instead of on the stderr of a running service.
     */
    public void checkOptions(String options) throws BadInputException {
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            Class<?> parser = Class.forName("io.ringzero.agent.Options", false, loader);
            parser.getMethod("parse", String.class, long.class).invoke(null, options, 0L);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new BadInputException("--agent-options: " + bad.getMessage());
            }
            throw new BadInputException(jar + ": the agent's option parser failed (" + e.getCause() + ")");
        } catch (IOException | ReflectiveOperationException | LinkageError e) {
            throw new BadInputException(jar + ": cannot check agent options (" + e + ")");
        }
    }

    /** An installed copy beside the CLI's jar, then the build tree (report/target/x.jar or report/target/classes). */
    private static List<Path> besideTheCli() {
        try {
            Path self = Path.of(AgentLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(self) ? self : self.getParent();
            List<Path> candidates = new ArrayList<>();
            candidates.add(dir.resolve(JAR_NAME));
            for (Path d = dir; d != null && candidates.size() < 4; d = d.getParent()) {
                if (d.getFileName() != null && d.getFileName().toString().equals("target") && d.getParent() != null
                        && d.getParent().getParent() != null) {
                    candidates.add(d.getParent().getParent().resolve("agent/target/" + JAR_NAME));
                }
            }
            return candidates;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return List.of();
        }
    }
}
