package io.slowburn.kafka;

import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same broker contract against the official apache/kafka image, on machines with a Docker engine. */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerRoundTripTest extends BrokerRoundTripContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.4.0");

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
