package io.slowburn.e2e;

import static io.slowburn.e2e.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.LineRouting;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison input, a seeded fuzz test on the real topology: more than 10,000 malformed or hostile records (invalid JSON,
 * wrong types, NaN and Infinity as strings and as raw tokens, negative counters, huge strings and label maps, deep
 * nesting, times outside the contract's range, non-UTF-8 bytes, null values and keys, malformed declarations)
 * interleaved with a scenario's good records, plus duplicates and out-of-order replays of good records. Every bad
 * record lands on the dead-letter topic with its reason and origin, no exception escapes (nor is swallowed by the
 * processing exception handler), and the good records produce exactly the alerts they produce without the poison.
 */
class PoisonInputTest {

    static final long SEED = 20_260_301L;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** One hostile record: which input topic, key, value and the category it belongs to. */
    record Bad(Stream topic, String key, byte[] value, String category) {
    }

    @Test
    void shouldDeadLetterEveryBadRecordAndKeepDetectingAroundThem() throws Exception {
        TrustedApprover approver = TrustedApprover.create(tmp.resolve("keys"));
        Path keys = approver.trustedKeys();
        DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.TRUSTED_KEYS_DIR, keys.toString(),
                DetectorConfig.STATE_STORE_TYPE, "memory"));
        List<String> good = approver.scenario(300);
        Fixtures.Outputs clean = Fixtures.backtest(config, good);
        assertThat(clean.alerts).as("the scenario alerts at all").hasSizeGreaterThanOrEqualTo(6);
        assertThat(clean.control).hasSize(1);

        Random rnd = new Random(SEED);
        LineRouting routing = new LineRouting();
        Map<String, Integer> badByCategory = new TreeMap<>();
        int bad = 0;
        int replays = 0;
        Fixtures.Outputs poisoned = new Fixtures.Outputs();
        List<LineRouting.Routed> seen = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        try (LogCapture log = LogCapture.start(Level.WARN, "org.apache.kafka.streams");
             OfflineDetector d = new OfflineDetector(config, Fixtures.setup(config,
                     TrustedKeySource.loadOnce(keys)), DetectorMetrics.detached())) {
            for (String line : good) {
                LineRouting.Routed r = routing.route(line);
                pipe(d, r.stream(), r.key(), r.value(), r.timestamp());
                seen.add(r);
                int n = rnd.nextInt(14);
                for (int i = 0; i < n; i++) {
                    Bad b = hostile(rnd, r.timestamp());
                    pipe(d, b.topic(), b.key(), b.value(), r.timestamp());
                    badByCategory.merge(b.category(), 1, Integer::sum);
                    bad++;
                    List<String> letters = d.drainDlq().stream().map(kv -> Fixtures.text(kv.value)).toList();
                    if (letters.size() != 1) {
                        missed.add(b.category() + " -> " + letters.size() + " dead letters: " + abbreviate(b.value()));
                    }
                    poisoned.dlq.addAll(letters);
                }
                // Duplicates and out-of-order replays of good records (metrics only; an event replayed is a new event):
                // no dead letter, no change of the alerts.
                if (r.stream() == Stream.METRIC && rnd.nextInt(10) == 0) {
                    LineRouting.Routed old = seen.get(Math.max(0, seen.size() - 1 - rnd.nextInt(60)));
                    if (old.stream() == Stream.METRIC) {
                        pipe(d, old.stream(), old.key(), old.value(), r.timestamp());
                        replays++;
                    }
                }
                poisoned.drain(d);
            }
            // (Kafka 4.4 warns once that the handler is off for the global thread: a configuration note, not an error.)
            assertThat(log.lines()).filteredOn(l -> !l.contains("processing.exception.handler.global.enabled"))
                    .as("no processing exception was caught and logged by Kafka Streams").isEmpty();
        }

        assertThat(missed).as("bad records without exactly one dead letter").isEmpty();
        assertThat(bad).isGreaterThanOrEqualTo(10_000);
        assertThat(poisoned.dlq).as("one dead letter per bad record").hasSize(bad);
        Map<String, Integer> reasons = new TreeMap<>();
        for (String letter : poisoned.dlq) {
            JsonNode n = JSON.readTree(letter);
            assertThat(n.get("reason").asText()).as(letter).isNotBlank();
            assertThat(n.get("topic").asText()).as(letter).startsWith("slowburn.");
            assertThat(n.get("partition").asInt()).as(letter).isGreaterThanOrEqualTo(0);
            assertThat(n.get("offset").asLong()).as(letter).isGreaterThanOrEqualTo(0);
            assertThat(n.has("value") || n.has("value_base64")).as(letter).isTrue();
            reasons.merge(n.get("reason").asText().replaceAll("[0-9'\"].*", "").trim(), 1, Integer::sum);
        }
        assertThat(poisoned.alerts).as("the good records' alerts, unchanged by the poison").isEqualTo(clean.alerts);
        assertThat(poisoned.control).isEqualTo(clean.control);
        System.out.printf("poison: %d bad records by category %s; %d duplicate/out-of-order replays; %d good records; "
                + "%d alerts; reasons %s%n", bad, badByCategory, replays, good.size(), clean.alerts.size(), reasons);
    }

    private static void pipe(OfflineDetector d, Stream topic, String key, byte[] value, long ts) {
        switch (topic) {
            case METRIC -> d.pipeMetric(key, value, ts);
            case EVENT -> d.pipeEvent(key, value, ts);
            default -> d.pipeExperiment(key, value, ts);
        }
    }

    static final String[] CATEGORIES = {"invalid-json", "not-an-object", "wrong-type", "nan-inf", "negative-counter",
        "huge-string", "huge-labels", "deep-nesting", "time-out-of-range", "non-utf8", "null-value", "missing-field",
        "bad-chars", "bad-limit", "bad-event", "bad-declaration"};

    /** A hostile record of a random category. */
    static Bad hostile(Random rnd, long now) {
        String category = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
        String host = "host-" + (4 + rnd.nextInt(3));
        String key = rnd.nextInt(20) == 0 ? null : host + "|os.process.count|";
        String base = "\"stream\":\"metric\",\"ts\":" + now + ",\"source\":\"" + host + "\",\"metric\":\"os.process.count\"";
        String value = switch (category) {
            case "invalid-json" -> {
                String full = "{" + base + ",\"value\":101.0,\"limit\":32768.0}";
                yield switch (rnd.nextInt(4)) {
                    case 0 -> full.substring(0, rnd.nextInt(full.length() - 1));
                    case 1 -> full.replace(":", "=");
                    case 2 -> full + "}";
                    default -> randomAscii(rnd, 1 + rnd.nextInt(200));
                };
            }
            case "not-an-object" -> pick(rnd, "[1,2,3]", "42", "\"metric\"", "null", "true", "[]", "");
            case "wrong-type" -> pick(rnd,
                    "{" + base + ",\"value\":\"101\"}",
                    "{" + base + ",\"value\":{\"v\":1}}",
                    "{" + base + ",\"value\":[1]}",
                    "{" + base + ",\"value\":true}",
                    "{\"stream\":\"metric\",\"ts\":true,\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                    "{\"stream\":\"metric\",\"ts\":" + now + ",\"source\":17,\"metric\":\"m\",\"value\":1}",
                    "{\"stream\":\"metric\",\"ts\":" + now + ",\"source\":\"h\",\"metric\":[],\"value\":1}",
                    "{" + base + ",\"value\":1,\"labels\":[\"a\"]}",
                    "{" + base + ",\"value\":1,\"labels\":{\"a\":{\"b\":\"c\"}}}",
                    "{" + base + ",\"value\":1,\"labels\":{\"a\":null}}",
                    "{" + base + ",\"value\":1,\"type\":5}",
                    "{" + base + ",\"value\":1,\"type\":\"histogram\"}",
                    "{" + base + ",\"value\":1,\"limit\":\"lots\"}");
            case "nan-inf" -> pick(rnd,
                    "{" + base + ",\"value\":\"NaN\"}",
                    "{" + base + ",\"value\":NaN}",
                    "{" + base + ",\"value\":Infinity}",
                    "{" + base + ",\"value\":-Infinity}",
                    "{" + base + ",\"value\":\"Infinity\"}",
                    "{" + base + ",\"value\":1e999}",
                    "{" + base + ",\"value\":-1e999}",
                    "{" + base + ",\"value\":1,\"limit\":NaN}",
                    "{" + base + ",\"value\":1,\"limit\":1e400}");
            case "negative-counter" -> "{" + base.replace("os.process.count", "app.requests") + ",\"type\":\"counter\",\"value\":-"
                    + (1 + rnd.nextInt(1000)) + "}";
            case "huge-string" -> rnd.nextBoolean()
                    ? "{" + base.replace("\"source\":\"" + host + "\"", "\"source\":\"" + "h".repeat(257 + rnd.nextInt(5000)) + "\"")
                            + ",\"value\":1}"
                    : "{" + base + ",\"value\":1,\"unit\":\"" + "u".repeat(70_000 + rnd.nextInt(10_000)) + "\"}";
            case "huge-labels" -> {
                StringBuilder sb = new StringBuilder("{" + base + ",\"value\":1,\"labels\":{");
                int n = 33 + rnd.nextInt(2000);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v").append(i).append('"');
                }
                yield sb.append("}}").toString();
            }
            case "deep-nesting" -> {
                int depth = 17 + rnd.nextInt(3000);
                yield "{" + base + ",\"value\":1,\"labels\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
            }
            case "time-out-of-range" -> "{" + base.replace("\"ts\":" + now, "\"ts\":" + pick(rnd, "0", "-1", "946684799999",
                    "4102444800000", "99999999999999999", "1e300", "\"yesterday\"", "\"2026-13-45T00:00:00Z\"", "null", "1772409600"))
                    + ",\"value\":1}";
            case "non-utf8" -> null; // built as bytes below
            case "null-value" -> null;
            case "missing-field" -> pick(rnd,
                    "{\"stream\":\"metric\",\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                    "{\"stream\":\"metric\",\"ts\":" + now + ",\"metric\":\"m\",\"value\":1}",
                    "{\"stream\":\"metric\",\"ts\":" + now + ",\"source\":\"h\",\"value\":1}",
                    "{" + base + "}",
                    "{}");
            case "bad-chars" -> pick(rnd,
                    "{" + base.replace(host, "host|4") + ",\"value\":1}",
                    "{" + base.replace(host, "host\\u00004") + ",\"value\":1}",
                    "{" + base.replace(host, "") + ",\"value\":1}",
                    "{" + base + ",\"value\":1,\"labels\":{\"a=b\":\"c\"}}",
                    "{" + base + ",\"value\":1,\"labels\":{\"a\":\"b,c\"}}");
            case "bad-limit" -> "{" + base + ",\"value\":1,\"limit\":" + pick(rnd, "0", "-1", "-32768") + "}";
            default -> null;
        };
        if (category.equals("non-utf8")) {
            byte[] prefix = ("{" + base + ",\"value\":1,\"unit\":\"").getBytes(StandardCharsets.UTF_8);
            byte[] junk = new byte[1 + rnd.nextInt(40)];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) (0x80 + rnd.nextInt(0x80)); // continuation/lead bytes out of sequence
            }
            junk[0] = (byte) 0xFF;
            byte[] all = new byte[prefix.length + junk.length + 2];
            System.arraycopy(prefix, 0, all, 0, prefix.length);
            System.arraycopy(junk, 0, all, prefix.length, junk.length);
            all[all.length - 2] = '"';
            all[all.length - 1] = '}';
            return new Bad(Stream.METRIC, key, all, category);
        }
        if (category.equals("null-value")) {
            return new Bad(rnd.nextBoolean() ? Stream.METRIC : Stream.EVENT, rnd.nextBoolean() ? null : host, null, category);
        }
        if (category.equals("bad-event")) {
            String ev = "\"stream\":\"event\",\"ts\":" + now + ",\"source\":\"" + host + "\",\"event\":\"process.exit\"";
            StringBuilder many = new StringBuilder("{");
            for (int i = 0; i < 65 + rnd.nextInt(100); i++) {
                many.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":").append(i);
            }
            String e = pick(rnd,
                    "{" + ev + ",\"attrs\":[1,2]}",
                    "{" + ev + ",\"attrs\":\"pid=1\"}",
                    "{" + ev + ",\"attrs\":" + many + "}}",
                    "{" + ev + ",\"attrs\":{\"exe\":\"" + "x".repeat(4097 + rnd.nextInt(1000)) + "\"}}",
                    "{" + ev + ",\"attrs\":{\"nested\":{\"pid\":1}}}",
                    "{" + ev.replace(",\"event\":\"process.exit\"", "") + "}",
                    "{" + ev.replace("\"ts\":" + now, "\"ts\":-5") + "}",
                    "{" + ev + ",\"attrs\":{\"signal\":NaN}}",
                    "{" + ev + ",\"attrs\":",
                    "[\"process.exit\"]");
            return new Bad(Stream.EVENT, host, e.getBytes(StandardCharsets.UTF_8), category);
        }
        if (category.equals("bad-declaration")) {
            String id = "exp-bad-" + rnd.nextInt(1_000_000);
            String decl = "{\"stream\":\"experiment\",\"id\":\"" + id + "\",\"ts\":" + T0 + ",\"title\":\"t\","
                    + "\"scope\":{\"sources\":[\"host-4\"]},\"faults\":[\"process.kill\"],\"start\":%d,\"end\":%d,"
                    + "\"blast_radius\":{\"max_sources\":1},\"abort_when\":[]}";
            String ok = decl.formatted(now, now + Fixtures.MIN);
            String d = pick(rnd,
                    decl.formatted(now, now - 1),
                    decl.formatted(now, now + 8L * 24 * 3_600_000),
                    ok.replace("\"scope\":{\"sources\":[\"host-4\"]},", ""),
                    ok.replace("[\"host-4\"]", "[]"),
                    ok.replace("process.kill", "rm -rf /"),
                    ok.replace("\"id\":\"" + id + "\",", ""),
                    ok.replace("\"max_sources\":1", "\"max_sources\":-1"),
                    ok.replace("\"abort_when\":[]", "\"abort_when\":[{\"metric\":\"m\",\"above\":NaN}]"),
                    ok.replace("\"abort_when\":[]", "\"abort_when\":[],\"approvals\":\"forged\""),
                    ok.replace("\"stream\":\"experiment\"", "\"stream\":\"metric\""),
                    ok.substring(0, ok.length() / 2),
                    "[" + ok + "]");
            return new Bad(Stream.EXPERIMENT, id, d.getBytes(StandardCharsets.UTF_8), category);
        }
        return new Bad(Stream.METRIC, key, value.getBytes(StandardCharsets.UTF_8), category);
    }

    private static String abbreviate(byte[] value) {
        if (value == null) {
            return "null";
        }
        String s = new String(value, StandardCharsets.UTF_8);
        return s.length() > 160 ? s.substring(0, 160) + "...(" + s.length() + " chars)" : s;
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static String randomAscii(Random rnd, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (32 + rnd.nextInt(95)));
        }
        String s = sb.toString();
        return s.startsWith("{") && s.endsWith("}") ? "x" + s : s;
    }
}
