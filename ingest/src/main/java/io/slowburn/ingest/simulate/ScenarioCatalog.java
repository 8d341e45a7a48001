package io.slowburn.ingest.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The named scenarios shipped in the jar ({@code io/slowburn/scenarios/NAME.yaml}, listed in {@code index.txt}
 * because a directory listing inside a jar is unreliable) and scenario files on disk.
 */
public final class ScenarioCatalog {

    private static final String DIR = "/io/slowburn/scenarios/";
    /** {@code suite:SEED}: the labelled detection suite's generated scenario of that seed ({@link FleetSuite}). */
    public static final String SUITE_PREFIX = "suite:";

    private ScenarioCatalog() {
    }

    /** The shipped scenarios' names, in index order. */
    public static List<String> names() {
        return resource("index.txt").lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.endsWith(".yaml") ? l.substring(0, l.length() - 5) : l).toList();
    }

    /**
     * A shipped scenario by name, {@code suite:SEED} (the detection suite's generated fleet), or a scenario file by
     * path (a name that is not shipped is read as a path).
     *
     * @throws ScenarioException for a bad scenario ({@code file:line:col}) or an unknown name
     */
    public static Scenario load(String nameOrPath) {
        if (nameOrPath.startsWith(SUITE_PREFIX)) {
            return FleetSuite.scenario(suiteSeed(nameOrPath));
        }
        if (names().contains(nameOrPath)) {
            return new ScenarioLoader().load(nameOrPath + ".yaml", resource(nameOrPath + ".yaml"), null);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(nameOrPath + ": no such scenario file, and not a shipped scenario (shipped: "
                    + String.join(", ", names()) + ")");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(nameOrPath + ": cannot read: " + e.getMessage(), e);
        }
        return new ScenarioLoader().load(file.toString(), text, file.toAbsolutePath().getParent());
    }

    private static long suiteSeed(String name) {
        try {
            return Long.parseLong(name.substring(SUITE_PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new ScenarioException(name + ": expected suite:SEED with a whole number as the seed");
        }
    }

    /** The text of a shipped scenario (to copy and edit). */
    public static String text(String name) {
        return resource(name + ".yaml");
    }

    private static String resource(String name) {
        try (InputStream in = ScenarioCatalog.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new ScenarioException(name + ": not a shipped scenario resource");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
