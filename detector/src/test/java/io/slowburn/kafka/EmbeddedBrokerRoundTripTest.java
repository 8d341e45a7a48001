package io.slowburn.kafka;

import io.slowburn.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The broker contract against the embedded single-node KRaft broker: the one that runs on every machine. */
@Tag("integration")
class EmbeddedBrokerRoundTripTest extends BrokerRoundTripContract {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        assertDeleted(broker.dataDir());
    }

    @Override
    protected String bootstrapServers() {
        return broker.bootstrapServers();
    }
}
