package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slowburn.model.Severity;
import io.slowburn.model.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AlertTailTest {

    private static final String TOPIC = "slowburn.alerts";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static MockConsumer<String, byte[]> consumerWith(String... values) {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        c.updateBeginningOffsets(Map.of(P0, 0L));
        c.updateEndOffsets(Map.of(P0, (long) values.length));
        c.schedulePollTask(() -> {
            for (int i = 0; i < values.length; i++) {
                c.addRecord(new ConsumerRecord<>(TOPIC, 0, i, "k" + i, values[i].getBytes(StandardCharsets.UTF_8)));
            }
        });
        return c;
    }

    private AlertTail tail(MockConsumer<String, byte[]> c, AlertFilter filter, boolean json, long max) {
        return new AlertTail(c, new AlertTail.Options(TOPIC, true, filter, json, max, Duration.ofSeconds(2)),
                new PrintWriter(out, true), new PrintWriter(err, true), new AlertFormatter(false), null);
    }

    @Test
    void printsMatchingAlertsReadablyAndStopsAtMax() {
        MockConsumer<String, byte[]> c = consumerWith(
                AlertSamples.json("1", "firing", "sanctioned", "critical", "exp-42"),
                "not json at all",
                AlertSamples.json("2", "firing", "suspicious", "info", null),
                AlertSamples.json("3", "firing", "suspicious", "critical", null),
                AlertSamples.json("4", "resolved", "breach", "warning", "exp-42"),
                AlertSamples.json("5", "firing", "suspicious", "warning", null));
        AlertTail tail = tail(c, new AlertFilter(Set.of(Verdict.SUSPICIOUS, Verdict.BREACH), Severity.WARNING), false, 2);
        assertThat(tail.run()).isEqualTo(2);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("2026-03-02T14:05:00Z FIRING   CRITICAL suspicious");
        assertThat(lines.get(1)).startsWith("2026-03-02T14:05:00Z RESOLVED WARNING  breach").contains("exp=exp-42");
        assertThat(err.toString()).contains("skipping slowburn.alerts-0@1: not JSON");
        assertThat(tail.malformed()).isEqualTo(1);
    }

    @Test
    void jsonModePrintsTheRecordAsReceived() {
        String a = AlertSamples.json("1", "firing", "suspicious", "critical", null);
        MockConsumer<String, byte[]> c = consumerWith(a);
        assertThat(tail(c, AlertFilter.all(), true, 0).run()).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(a + System.lineSeparator());
    }

    @Test
    void endsAtTheTimeoutWhenFewerAlertsArrive() {
        MockConsumer<String, byte[]> c = consumerWith(AlertSamples.json("1", "firing", "suspicious", "critical", null));
        AlertTail tail = new AlertTail(c, new AlertTail.Options(TOPIC, true, AlertFilter.all(), false, 5, Duration.ofMillis(300)),
                new PrintWriter(out, true), new PrintWriter(err, true), new AlertFormatter(false), null);
        long start = System.nanoTime();
        assertThat(tail.run()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void withoutATimeoutRunsUntilStopped() throws Exception {
        MockConsumer<String, byte[]> c = consumerWith(AlertSamples.json("1", "firing", "suspicious", "critical", null));
        AlertTail tail = new AlertTail(c, new AlertTail.Options(TOPIC, true, AlertFilter.all(), false, 0, null),
                new PrintWriter(out, true), new PrintWriter(err, true), new AlertFormatter(false), null);
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tail.stop();
        });
        stopper.start();
        long start = System.nanoTime();
        assertThat(tail.run()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        stopper.join();
    }

    @Test
    void aMissingTopicIsReported() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        assertThatThrownBy(() -> tail(c, AlertFilter.all(), false, 1).run()).isInstanceOf(AlertTail.NoSuchTopicException.class)
                .hasMessageContaining("'slowburn.alerts'").hasMessageContaining("slowburn topics create");
    }

    @Test
    void readsCommittedRecordsOnly() {
        assertThat(AlertTail.consumerConfig("h:1")).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false).doesNotContainKey("group.id");
    }
}
