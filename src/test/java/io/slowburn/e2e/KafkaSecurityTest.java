package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.cli.SlowburnMain;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.TrustedKeySource;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL and SSL client settings pass through from the config file ({@code kafka.}-prefixed keys) to Kafka Streams and
 * its clients, and the secrets in them (JAAS password, truststore and keystore passwords) never appear in the logs,
 * even at INFO where every Kafka client logs its whole configuration, nor in the records the detector writes.
 */
@Tag("integration")
class KafkaSecurityTest {

    static final String JAAS_SECRET = "s3cret-jaas-Pa55";
    static final String TRUSTSTORE_SECRET = "s3cret-trust-Pa55";
    static final String KEY_SECRET = "s3cret-key-Pa55";
    static final List<String> SECRETS = List.of(JAAS_SECRET, TRUSTSTORE_SECRET, KEY_SECRET);

    @TempDir
    Path tmp;

    Path configFile(Path truststore, String bootstrap) throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        String config = String.join("\n",
                "bootstrap.servers=" + bootstrap,
                "application.id=slowburn-security-test",
                "topics.create=false",
                "metrics.port=0",
                "state.dir=" + tmp.resolve("state"),
                "trusted.keys.dir=" + keys,
                "kafka.security.protocol=SASL_SSL",
                "kafka.sasl.mechanism=PLAIN",
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"slowburn\" password=\"" + JAAS_SECRET + "\";",
                "kafka.ssl.truststore.location=" + truststore,
                "kafka.ssl.truststore.type=PKCS12",
                "kafka.ssl.truststore.password=" + TRUSTSTORE_SECRET,
                "kafka.ssl.key.password=" + KEY_SECRET,
                "kafka.ssl.endpoint.identification.algorithm=https",
                "");
        Path file = tmp.resolve("detector.properties");
        Files.writeString(file, config);
        return file;
    }

    /** A real PKCS12 truststore (a self-signed certificate), so the SSL clients are actually built. */
    Path truststore() throws Exception {
        Path store = tmp.resolve("truststore.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", TRUSTSTORE_SECRET, "-keypass", TRUSTSTORE_SECRET).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return store;
    }

    static DetectorConfig load(Path file) throws Exception {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        return DetectorConfig.load(props, Map.of());
    }

    @Test
    void shouldPassSecuritySettingsThroughAndNeverLogOrWriteTheSecrets() throws Exception {
        Path truststore = truststore();
        int port = Fixtures.freePort(); // nothing listens there: the clients keep trying to connect, and log
        Path file = configFile(truststore, "127.0.0.1:" + port);

        // 1. The settings reach Kafka Streams (and through it every client) unchanged.
        DetectorConfig config = load(file);
        Properties streams = config.streamsProperties();
        assertThat(streams).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.password", TRUSTSTORE_SECRET).containsEntry("ssl.key.password", KEY_SECRET)
                .containsEntry("ssl.truststore.location", truststore.toString());
        assertThat(String.valueOf(streams.get("sasl.jaas.config"))).contains(JAAS_SECRET);
        assertThat(config.kafkaPassThrough()).containsKeys("security.protocol", "sasl.jaas.config", "ssl.truststore.password");
        // Our own configuration object never prints its values.
        assertThat(config.toString()).doesNotContain(SECRETS);

        // 2. slowburn run --config FILE in its own JVM, logging at INFO (every client logs its whole config there).
        Path log4j = tmp.resolve("log4j2-info.xml");
        Files.writeString(log4j, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="out" target="SYSTEM_ERR"><PatternLayout pattern="%-5level %c - %msg%n%throwable"/></Console>
                  </Appenders>
                  <Loggers>
                    <Logger name="org.apache.kafka.clients.admin.internals.AdminMetadataManager" level="warn"/>
                    <Root level="info"><AppenderRef ref="out"/></Root>
                  </Loggers>
                </Configuration>
                """);
        Path output = tmp.resolve("run.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process run = new ProcessBuilder(java, "-Xmx384m", "-Dlog4j2.configurationFile=" + log4j, "-cp",
                System.getProperty("java.class.path"), SlowburnMain.class.getName(), "run", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && run.isAlive()
                    && !(Files.readString(output).contains("ProducerConfig values") && Files.readString(output).contains("[hidden]"))) {
                Thread.sleep(200);
            }
            Thread.sleep(3_000); // a few reconnect attempts against the missing broker
        } finally {
            run.destroy();
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.destroyForcibly().waitFor();
            }
        }
        String logged = Files.readString(output);
        for (String expected : List.of("StreamsConfig values", "ProducerConfig values", "ConsumerConfig values",
                "security.protocol = SASL_SSL", "sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]",
                "ssl.key.password = [hidden]", "Successfully logged in")) {
            assertThat(logged.contains(expected)).as("the log of slowburn run (%d chars, in %s) shows '%s'", logged.length(), output,
                    expected).isTrue();
        }
        for (String secret : SECRETS) {
            assertThat(logged.contains(secret)).as("the log of slowburn run contains the secret '%s'", secret).isFalse();
        }

        // 3. Nor do the records it writes (alerts, audit, control, dead letters) carry them: the same configuration
        //    over the real topology, with a scenario that writes to every output topic.
        TrustedApprover approver = TrustedApprover.create(Path.of(config.getString(DetectorConfig.TRUSTED_KEYS_DIR)));
        Path keys = approver.trustedKeys();
        Fixtures.Outputs out = new Fixtures.Outputs();
        try (OfflineDetector d = new OfflineDetector(config, Fixtures.setup(config, TrustedKeySource.loadOnce(keys)),
                DetectorMetrics.detached())) {
            for (String line : approver.scenario(300)) {
                d.pipeLine(line);
            }
            d.pipeMetric("host-4|x|", "{\"stream\":\"metric\",\"value\":NaN}".getBytes(StandardCharsets.UTF_8), Fixtures.T0);
            out.drain(d);
        }
        assertThat(out.alerts).isNotEmpty();
        assertThat(out.audit).isNotEmpty();
        assertThat(out.control).isNotEmpty();
        assertThat(out.dlq).isNotEmpty();
        String written = String.join("\n", out.alerts) + String.join("\n", out.audit) + String.join("\n", out.control)
                + String.join("\n", out.dlq);
        for (String secret : SECRETS) {
            assertThat(written).doesNotContain(secret);
        }
    }
}
