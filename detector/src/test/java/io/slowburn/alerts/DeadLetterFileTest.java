package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC);

    @Test
    void keepsEachUndeliverableAlertWithTheReasonAndWhereItCameFrom(@TempDir Path dir) throws Exception {
        DeadLetterFile dead = new DeadLetterFile(dir.resolve("dl.jsonl"), 1 << 20, CLOCK);
        WebhookOutput out = new WebhookOutput(URI.create("http://hooks.example:8080/in?token=secret"), null, HttpPost.defaults());
        StableAlert a = new OpenAlerts(10).next(AlertSamples.firing(), 3);
        dead.add(out, a, new Retrier.Result(Delivery.rejected("HTTP 400 bad"), 1, false), new DeadLetterFile.Origin("t", 3, 42));
        dead.addUnreadable("not json", "not JSON: oops", new DeadLetterFile.Origin("t", 0, 7));

        List<String> lines = Files.readAllLines(dead.file());
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("failed_at").asText()).isEqualTo("2026-03-02T15:00:00Z");
        assertThat(first.path("output").asText()).isEqualTo("webhook");
        assertThat(first.path("target").asText()).isEqualTo("http://hooks.example:8080/in");
        assertThat(first.path("reason").asText()).isEqualTo("HTTP 400 bad");
        assertThat(first.path("offset").asLong()).isEqualTo(42);
        assertThat(first.path("id").asText()).isEqualTo("a-1:firing");
        assertThat(first.path("alert")).isEqualTo(AlertSamples.firing().json());
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.path("raw").asText()).isEqualTo("not json");
        assertThat(second.path("output").isNull()).isTrue();
    }

    @Test
    void staysWithinItsBoundByKeepingOneOlderFile(@TempDir Path dir) throws Exception {
        DeadLetterFile dead = new DeadLetterFile(dir.resolve("dl.jsonl"), 2048, CLOCK);
        for (int i = 0; i < 40; i++) {
            dead.addUnreadable("x".repeat(100), "reason " + i, new DeadLetterFile.Origin("t", 0, i));
        }
        Path older = dir.resolve("dl.jsonl.1");
        assertThat(Files.size(dead.file())).isLessThanOrEqualTo(2048);
        assertThat(Files.size(older)).isLessThanOrEqualTo(2048);
        assertThat(dead.rotations()).isGreaterThan(1);
        List<String> newest = Files.readAllLines(dead.file());
        assertThat(newest.get(newest.size() - 1)).contains("reason 39");
        assertThat(dead.written()).isEqualTo(40);
    }
}
