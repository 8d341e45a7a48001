package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.ingest.simulate.SigningKeys;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/detector.properties, the sample the README runs with {@code run --config}: it names every key the detector
 * defines (so a new key cannot go undocumented), each with its current default and doc as the config definition
 * renders them, and it passes the real validation.
 */
class DetectorPropertiesSampleTest {

    private static final Path SAMPLE = Path.of("..", "config", "detector.properties");

    private static Properties sample() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(SAMPLE, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void shouldListEveryKeyWithItsDefault() throws Exception {
        Properties p = sample();
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(DetectorConfig.CONFIG.names());
        for (ConfigDef.ConfigKey k : DetectorConfig.CONFIG.configKeys().values()) {
            String def = k.defaultValue == null ? "" : ConfigDef.convertToString(k.defaultValue, k.type);
            assertThat(p.getProperty(k.name)).as(k.name + " in " + SAMPLE).isEqualTo(def);
        }
    }

    @Test
    void shouldBeTheTextGeneratedFromTheConfigDefinition() throws Exception {
        String expected = PropertiesSample.render(DetectorConfig.CONFIG);
        String shipped = Files.readString(SAMPLE, StandardCharsets.UTF_8);
        if (!shipped.equals(expected)) {
            Path current = Files.writeString(Path.of("target", "detector.properties"), expected, StandardCharsets.UTF_8);
            assertThat(shipped).as("%s is out of date (a key, doc, type, validator or default changed): "
                    + "cp detector/%s config/detector.properties", SAMPLE, current).isEqualTo(expected);
        }
    }

    @Test
    void shouldWrapCommentsAtSpacesToTheWidth() {
        assertThat(PropertiesSample.wrap("aaa bbb ccc", 7)).containsExactly("aaa bbb", "ccc");
        assertThat(PropertiesSample.wrap("a-word-longer-than-the-width x", 5)).containsExactly("a-word-longer-than-the-width", "x");
    }

    @Test
    void shouldPassTheDetectorsOwnValidation() throws Exception {
        DetectorConfig config = DetectorConfig.load(sample(), Map.of());
        assertThat(config.getList(DetectorConfig.BOOTSTRAP_SERVERS)).containsExactly("127.0.0.1:9092");
    }

    @Test
    void shouldShipTheDemoPublicKeyForBacktestingTheDemosRecords() throws Exception {
        Path pub = Path.of("..", "config", "demo-keys", SigningKeys.DEMO + ".pub");
        assertThat(Files.readString(pub, StandardCharsets.UTF_8)).isEqualTo(SigningKeys.demoPublicPem());
    }

    @Test
    void shouldSanctionTheSimulatorsSignedExperimentsInABacktestThatTrustsTheShippedDemoKey(@TempDir Path dir) throws Exception {
        Path records = dir.resolve("kill.jsonl");
        assertThat(new Cli().run("ingest", "simulate", "--scenario", "kill-experiment", "--output", records.toString())).isZero();
        Path trusted = dir.resolve("trusted.jsonl");
        Cli withKey = new Cli();
        assertThat(withKey.run("backtest", "--input", records.toString(), "--output", trusted.toString(), "--trusted-keys",
                Path.of("..", "config", "demo-keys").toString())).as(withKey.toString()).isZero();
        Path untrusted = dir.resolve("untrusted.jsonl");
        assertThat(new Cli().run("backtest", "--input", records.toString(), "--output", untrusted.toString())).isZero();

        assertThat(Files.readString(trusted)).contains("\"verdict\":\"sanctioned\"");
        assertThat(Files.readString(untrusted)).as("without the key the same kills are suspicious")
                .doesNotContain("\"verdict\":\"sanctioned\"").contains("\"verdict\":\"suspicious\"");
    }
}
