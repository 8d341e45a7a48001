package io.slowburn.deploy;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The image the build makes, {@code slowburn:<project version>} (the root pom's "image" profile). */
final class ImageNames {

    private static final Pattern NAME = Pattern.compile("<image\\.name>([^<]+)</image\\.name>");
    private static final Pattern VERSION = Pattern.compile("<artifactId>slowburn-parent</artifactId>\\s*<version>([^<]+)</version>");

    private ImageNames() {
    }

    static String projectVersion() throws Exception {
        return find(VERSION);
    }

    static String builtImage() throws Exception {
        return find(NAME) + ":" + projectVersion();
    }

    private static String find(Pattern p) throws Exception {
        String pom = Files.readString(Manifests.directory().getParent().getParent().resolve("pom.xml"));
        Matcher m = p.matcher(pom);
        if (!m.find()) {
            throw new IllegalStateException("pom.xml has no " + p);
        }
        return m.group(1);
    }
}
