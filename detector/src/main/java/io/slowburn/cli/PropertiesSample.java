package io.slowburn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * config/detector.properties, generated from the config definition: every key with its documentation, type, valid
 * values and default, set to the default. DetectorPropertiesSampleTest fails when the shipped file is not what this
 * renders, so a key's doc or default cannot change without the sample.
 */
final class PropertiesSample {

    /** Lines of a comment, at most this wide. */
    static final int WIDTH = 120;

    private static final List<String> HEADER = List.of(
            "slowburn detector settings: `slowburn run --config config/detector.properties`.",
            "Every key the detector reads, with its documentation and default; the values below are the defaults and work against "
                    + "a local broker on 127.0.0.1:9092 (`slowburn broker`). Command-line flags and --set KEY=VALUE override this file.",
            "Keys prefixed \"kafka.\" (not listed) go to Kafka Streams and its clients unchanged, e.g. kafka.security.protocol=SSL.",
            "Generated from the config definition (DetectorConfig) and checked by DetectorPropertiesSampleTest, which writes the "
                    + "current text to detector/target/detector.properties when this file is out of date.");

    private PropertiesSample() {
    }

    static String render(ConfigDef definition) {
        StringBuilder out = new StringBuilder();
        HEADER.forEach(h -> comment(out, h));
        for (ConfigDef.ConfigKey k : definition.configKeys().values()) {
            out.append('\n');
            comment(out, k.documentation);
            String value = k.defaultValue == null ? "" : ConfigDef.convertToString(k.defaultValue, k.type);
            comment(out, "type " + k.type.name().toLowerCase(Locale.ROOT) + (k.validator == null ? "" : ", valid: " + k.validator)
                    + ", default: " + (value.isEmpty() ? "(empty)" : value));
            out.append(k.name).append('=').append(value).append('\n');
        }
        return out.toString();
    }

    /** {@code text} as comment lines, wrapped at spaces to {@link #WIDTH}. */
    private static void comment(StringBuilder out, String text) {
        for (String line : wrap(text, WIDTH - 2)) {
            out.append("# ").append(line).append('\n');
        }
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
