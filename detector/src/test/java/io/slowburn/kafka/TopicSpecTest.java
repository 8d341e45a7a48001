package io.slowburn.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void shouldNameEveryContractTopicWithTheDefaultPrefix() {
        assertThat(TopicNames.defaults().all()).containsExactly("slowburn.metrics", "slowburn.events", "slowburn.experiments",
                "slowburn.rules", "slowburn.alerts", "slowburn.control", "slowburn.audit", "slowburn.dlq");
    }

    @Test
    void shouldCompactTheRegistriesAndKeepAlertsAndAuditLong() {
        List<TopicSpec> specs = TopicSpec.contract(TopicNames.defaults(), 6);
        assertThat(spec(specs, "slowburn.experiments").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(spec(specs, "slowburn.rules").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(spec(specs, "slowburn.experiments").partitions()).isEqualTo(1);
        assertThat(spec(specs, "slowburn.metrics").partitions()).isEqualTo(6);
        assertThat(Long.parseLong(spec(specs, "slowburn.alerts").configs().get("retention.ms")))
                .isGreaterThanOrEqualTo(90L * 86_400_000L);
        assertThat(Long.parseLong(spec(specs, "slowburn.audit").configs().get("retention.ms")))
                .isGreaterThanOrEqualTo(365L * 86_400_000L);
    }

    @Test
    void shouldRejectInvalidTopicNamesQuotingThem() {
        assertThatThrownBy(() -> TopicNames.withPrefix("bad prefix "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad prefix metrics'");
    }

    private static TopicSpec spec(List<TopicSpec> specs, String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
