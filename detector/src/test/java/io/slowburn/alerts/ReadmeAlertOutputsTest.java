package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example payloads of {@code alerts forward} are what the outputs send for its example alert. */
class ReadmeAlertOutputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final String GENERATOR = "http://grafana.example/d/slowburn";

    private static Map<String, String> examples() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(readme);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The README's example: a correlated retry storm that fired on svc-a and resolved on svc-b. */
    private static StableAlert resolved() throws Exception {
        OpenAlerts open = new OpenAlerts(10);
        open.next(AlertRecord.parse(examples().get("alert-firing").getBytes(StandardCharsets.UTF_8)), 0);
        return open.next(AlertRecord.parse(examples().get("alert-resolved").getBytes(StandardCharsets.UTF_8)), 0);
    }

    private static void assertJson(String name, JsonNode actual) throws Exception {
        String documented = examples().get(name);
        assertThat(documented).as("README example '" + name + "'; the code sends:\n"
                + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual)).isNotNull();
        assertThat(JSON.readTree(documented)).as("README example '%s'; the code sends:\n%s", name,
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual)).isEqualTo(actual);
    }

    @Test
    void alertmanagerWebhookAndSlackBodiesAreAsDocumented() throws Exception {
        StableAlert a = resolved();
        assertJson("alertmanager", JSON.createArrayNode().add(AlertmanagerOutput.toAlertmanager(a, GENERATOR)));
        assertJson("webhook", WebhookOutput.body(a, GENERATOR));
        assertJson("slack", SlackOutput.body(a, GENERATOR));
    }

    @Test
    void cloudEventsAreAsDocumented() throws Exception {
        StableAlert a = resolved();
        var event = AlertCloudEvents.of(a, URI.create(AlertCloudEvents.DEFAULT_SOURCE));
        assertJson("cloudevents-structured", JSON.readTree(new JsonFormat().serialize(event)));

        Map<String, String> headers = new TreeMap<>();
        AtomicReference<byte[]> body = new AtomicReference<>();
        HttpMessageFactory.createWriter((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v), body::set).writeBinary(event);
        String documented = examples().get("cloudevents-binary");
        StringBuilder actual = new StringBuilder();
        headers.forEach((k, v) -> actual.append(k).append(": ").append(v).append('\n'));
        assertThat(documented).as("README example 'cloudevents-binary'; the code sends:\n" + actual).isNotNull();
        String[] parts = documented.split("\n\n", 2);
        Map<String, String> documentedHeaders = new TreeMap<>();
        parts[0].lines().forEach(l -> documentedHeaders.put(l.substring(0, l.indexOf(':')).toLowerCase(Locale.ROOT),
                l.substring(l.indexOf(':') + 1).strip()));
        assertThat(documentedHeaders).as("the code sends:\n" + actual).isEqualTo(headers);
        assertThat(JSON.readTree(parts[1])).isEqualTo(JSON.readTree(body.get()));
    }

    @Test
    void theDeadLetterLineIsAsDocumented(@TempDir Path dir) throws Exception {
        StableAlert a = resolved();
        DeadLetterFile dead = new DeadLetterFile(dir.resolve("d.jsonl"), 1 << 20,
                Clock.fixed(Instant.parse("2026-03-02T14:15:03Z"), ZoneOffset.UTC));
        dead.add(new SlackOutput(URI.create("https://hooks.slack.com/services/T0/B0/XXXX"), null, HttpPost.defaults()), a,
                new Retrier.Result(Delivery.ofHttpStatus(404, "no_service"), 1, false),
                new DeadLetterFile.Origin("slowburn.alerts", 4, 1187));
        assertJson("dead-letter", JSON.readTree(Files.readString(dead.file())));
    }
}
