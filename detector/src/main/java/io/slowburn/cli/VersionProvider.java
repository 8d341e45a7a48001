package io.slowburn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code slowburn --version}: the Maven version and git commit of the build. They come from a resource that Maven
 * filters at build time rather than from the jar manifest, because the OCI image runs plain class files; the manifest
 * is only the fallback (a jar built by other means), and "dev" the last resort.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    static final String RESOURCE = "slowburn-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"slowburn " + describe(load())};
    }

    /** "0.1.0 (commit abc1234)", "0.1.0 (commit abc1234, modified)", "0.1.0" or "dev". */
    static String describe(Properties p) {
        String version = filled(p.getProperty("version"));
        if (version == null) {
            version = SlowburnMain.class.getPackage().getImplementationVersion();
        }
        if (version == null) {
            version = "dev";
        }
        String commit = filled(p.getProperty("commit"));
        if (commit == null) {
            return version;
        }
        return version + " (commit " + commit + ("true".equals(filled(p.getProperty("dirty"))) ? ", modified" : "") + ")";
    }

    /** The value, or null when it is missing or Maven left the placeholder unfilled (a build outside git). */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return p;
    }
}
