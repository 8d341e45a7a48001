package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped log4j2.xml (not the tests' one): a normal start and the demo print no warning that is not the
 * operator's business, yet every other warning of the same loggers still shows.
 */
class ShippedLogConfigTest {

    private LoggerContext context;
    private XmlConfiguration config;

    @BeforeEach
    void load() throws Exception {
        URL shipped = SlowburnMain.class.getResource("/log4j2.xml");
        context = new LoggerContext("shipped-log-config-test");
        config = new XmlConfiguration(context, ConfigurationSource.fromUri(shipped.toURI()));
        config.initialize();
    }

    @AfterEach
    void stop() {
        config.stop();
        context.stop();
    }

    private boolean shown(String logger, Level level, String message) {
        LoggerConfig lc = config.getLoggerConfig(logger);
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level).setMessage(new SimpleMessage(message))
                .build();
        return lc.getLevel().isLessSpecificThan(level) && !lc.isFiltered(event);
    }

    @Test
    void shouldHideTheRetriedConcurrentTransactionsOfTransactionsV2() {
        String sender = "org.apache.kafka.clients.producer.internals.Sender";
        assertThat(shown(sender, Level.WARN, "[Producer clientId=slowburn-demo-1-StreamThread-1-producer, transactionalId=slowburn-demo-1] "
                + "Got error produce response with correlation id 26 on topic-partition slowburn-demo-counter-last-changelog-0, "
                + "retrying (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS")).isFalse();
        // A Kafka 4 cluster's transactions v2: the batches in flight behind the refused one, retried after it (seen in `run`).
        assertThat(shown(sender, Level.WARN, "[Producer clientId=slowburn-detector-1-StreamThread-1-producer, transactionalId="
                + "slowburn-detector-1] Got error produce response with correlation id 115 on topic-partition "
                + "slowburn-detector-observations-by-source-repartition-0, retrying (2147483646 attempts left). Error: "
                + "OUT_OF_ORDER_SEQUENCE_NUMBER")).isFalse();
        assertThat(shown(sender, Level.WARN, "[Producer clientId=p] Got error produce response with correlation id 7 on "
                + "topic-partition t-0, retrying (2147483646 attempts left). Error: NOT_LEADER_OR_FOLLOWER"))
                .as("any other produce error still shows").isTrue();
    }

    @Test
    void shouldHideTheEmbeddedBrokersFirstStartNotices() {
        assertThat(shown("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] Performing controller "
                + "activation. The metadata log appears to be empty. Appending 6 bootstrap record(s) in metadata transaction at "
                + "metadata.version 4.4-IV2 from bootstrap source 'bootstrap'.")).isFalse();
        assertThat(shown("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] something else"))
                .isTrue();
        assertThat(shown("org.apache.kafka.server.DefaultAutoTopicCreationManager", Level.WARN, "Auto topic creation failed for "
                + "__transaction_state with error 'TOPIC_ALREADY_EXISTS': Topic '__transaction_state' already exists..")).isFalse();
        assertThat(shown("org.apache.kafka.server.DefaultAutoTopicCreationManager", Level.WARN, "Auto topic creation failed for "
                + "__consumer_offsets with error 'TOPIC_ALREADY_EXISTS': Topic '__consumer_offsets' already exists..")).isFalse();
        assertThat(shown("org.apache.kafka.server.DefaultAutoTopicCreationManager", Level.WARN, "Auto topic creation failed for "
                + "slowburn.metrics with error 'POLICY_VIOLATION'")).isTrue();
    }

    @Test
    void shouldLeaveStoppingLog4jToTheApplication() {
        assertThat(config.isShutdownHookEnabled()).as("shutdownHook=\"disable\": SlowburnMain.main stops Log4j after its close")
                .isFalse();
    }
}
