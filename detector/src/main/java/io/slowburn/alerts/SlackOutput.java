package io.slowburn.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat and others accept the same body): {@code text}
 * (the notification line, also what clients without blocks show) and Block Kit {@code blocks}: a header (status,
 * severity, rule, source), the summary, fields (verdict, signal, source, experiment, containment) and a context line
 * with the alert id. Text from the alert is escaped ({@code & < >}) and cut to Slack's limits. The webhook URL's path
 * is its secret: logs and the dead letter show only its host.
 */
public final class SlackOutput implements AlertOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int HEADER_MAX = 150;
    private static final int SECTION_MAX = 3000;
    private static final int FIELD_MAX = 2000;

    private final URI url;
    private final String generatorUrl;
    private final HttpPost http;

    public SlackOutput(URI url, String generatorUrl, HttpPost http) {
        this.url = HttpPost.checkUrl("Slack webhook", url);
        this.generatorUrl = generatorUrl;
        this.http = http;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public String target() {
        return AlertOutput.redacted(url, true);
    }

    @Override
    public Delivery deliver(StableAlert alert) {
        try {
            return http.post(url, Map.of("Content-Type", "application/json"), MAPPER.writeValueAsBytes(body(alert, generatorUrl)));
        } catch (JsonProcessingException e) {
            return Delivery.rejected("cannot serialize: " + e.getOriginalMessage());
        }
    }

    static ObjectNode body(StableAlert a, String generatorUrl) {
        Map<String, String> l = a.labels();
        String status = a.transition().toUpperCase(Locale.ROOT);
        String severity = l.getOrDefault("severity", "-");
        String title = status + " " + severity + ": " + l.get("alertname") + " on " + l.getOrDefault("source", "-");
        String summary = a.annotations().getOrDefault("summary", "");
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("text", escape(title + (summary.isBlank() ? "" : " - " + summary.strip())));
        ArrayNode blocks = n.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(title, HEADER_MAX));
        if (!summary.isBlank()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", cut(escape(summary), SECTION_MAX));
        }
        ObjectNode fields = blocks.addObject().put("type", "section");
        ArrayNode f = fields.putArray("fields");
        field(f, "Verdict", l.get("verdict"));
        field(f, "Signal", l.get("signal"));
        String source = l.get("source");
        if (source != null && a.annotations().containsKey("last_source")) {
            source += " (last on " + a.annotations().get("last_source") + ")";
        }
        field(f, "Source", source);
        field(f, "Experiment", l.get("experiment"));
        field(f, "Containment", a.annotations().get("containment"));
        StringBuilder context = new StringBuilder("alert `").append(escape(a.eventId())).append('`');
        if (a.startsAt() != null) {
            context.append(" | since ").append(a.startsAt());
        }
        if (a.endsAt() != null) {
            context.append(" | resolved ").append(a.endsAt());
        }
        if (generatorUrl != null && !generatorUrl.isBlank()) {
            context.append(" | <").append(generatorUrl).append("|details>");
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text", context.toString());
        return n;
    }

    private static void field(ArrayNode fields, String name, String value) {
        if (value != null && !value.isBlank()) {
            fields.addObject().put("type", "mrkdwn").put("text", cut("*" + name + "*\n" + escape(value), FIELD_MAX));
        }
    }

    /** Slack's mrkdwn control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
