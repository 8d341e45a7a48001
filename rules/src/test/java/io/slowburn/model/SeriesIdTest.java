package io.slowburn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Two distinct label sets never share state: state is keyed by the series id's UTF-8 bytes, so the id must be
 * injective (over any strings) and the codec must let through only text whose UTF-8 encoding is injective too.
 */
class SeriesIdTest {

    /** The characters an attacker would pick: every separator, the escape, quotes, braces, NUL, lone surrogates. */
    private static final char[] HOSTILE = {'a', 'b', '|', ',', '=', '\\', '{', '}', '"', '\'', '\0', '?', ' ',
        '\ud800', '\udc00', '\ud83d', '\ude00', 'x'};

    private final RecordCodec codec = new RecordCodec();

    @Test
    void shouldKeepTheContractFormForPlainIds() {
        assertThat(SeriesId.of("host-17", "jvm.memory.used", Map.of("service", "checkout", "area", "heap")))
                .isEqualTo("host-17|jvm.memory.used|area=heap,service=checkout");
        assertThat(SeriesId.of("h", "m", Map.of("q", "a=b"))).isEqualTo("h|m|q=a=b");
        assertThat(SeriesId.of("h", "m", Map.of())).isEqualTo("h|m|");
    }

    @Test
    void shouldTellApartLabelSetsThatSeparatorsAloneWouldMerge() {
        assertThat(SeriesId.of("h", "m", Map.of("a", "1,b=2")))
                .isNotEqualTo(SeriesId.of("h", "m", Map.of("a", "1", "b", "2")));
        assertThat(SeriesId.of("h|m", "x", Map.of())).isNotEqualTo(SeriesId.of("h", "m|x", Map.of()));
        assertThat(SeriesId.of("h", "m", Map.of("a=b", "c"))).isNotEqualTo(SeriesId.of("h", "m", Map.of("a", "b=c")));
        assertThat(SeriesId.of("h\\", "m", Map.of())).isNotEqualTo(SeriesId.of("h", "\\m", Map.of()));
        assertThat(SeriesId.of("h", "m", Map.of("a", "x\\"))).isEqualTo("h|m|a=x\\\\");
    }

    @Test
    void shouldGiveDistinctLabelSetsDistinctIdsWhateverTheyHold() {
        Random random = new Random(20261202L);
        Map<String, List<Object>> seen = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String source = hostile(random, 3);
            String metric = hostile(random, 3);
            Map<String, String> labels = labels(random);
            List<Object> identity = List.of(source, metric, labels);
            List<Object> before = seen.putIfAbsent(SeriesId.of(source, metric, labels), identity);
            assertThat(before).as("id of %s", identity).isIn(null, identity);
            assertThat(SeriesId.sourceOf(SeriesId.of(source, metric, labels))).isEqualTo(source);
        }
        assertThat(seen).hasSizeGreaterThan(100_000);
    }

    @Test
    void shouldNeverLetTwoDistinctAcceptedRecordsShareAStateKey() {
        Random random = new Random(42L);
        Map<ByteBuffer, List<Object>> keys = new HashMap<>();
        int accepted = 0;
        int refusedForUnicode = 0;
        for (int i = 0; i < 50_000; i++) {
            String source = "h" + hostile(random, 2);
            String metric = "m" + hostile(random, 2);
            Map<String, String> labels = labels(random);
            StringBuilder json = new StringBuilder("{\"ts\":1772409600000,\"value\":1,\"source\":").append(quote(source))
                    .append(",\"metric\":").append(quote(metric)).append(",\"labels\":{");
            labels.forEach((k, v) -> json.append(quote(k)).append(':').append(quote(v)).append(','));
            if (!labels.isEmpty()) {
                json.setLength(json.length() - 1);
            }
            json.append("}}");
            MetricSample s;
            try {
                s = codec.readMetric(json.toString().getBytes(StandardCharsets.UTF_8));
            } catch (InvalidRecordException e) {
                if (e.getMessage().contains("not valid Unicode")) {
                    refusedForUnicode++;
                }
                continue;
            }
            accepted++;
            List<Object> identity = List.of(s.source(), s.metric(), s.labels());
            ByteBuffer key = ByteBuffer.wrap(s.seriesId().getBytes(StandardCharsets.UTF_8)); // what the state store keys on
            List<Object> before = keys.putIfAbsent(key, identity);
            assertThat(before).as("state key of %s", identity).isIn(null, identity);
        }
        assertThat(accepted).isGreaterThan(1_000);
        assertThat(refusedForUnicode).isGreaterThan(1_000);
    }

    @Test
    void shouldRefuseTheIssuesCollidingPair() throws Exception {
        assertThatThrownBy(() -> codec.readMetric(("{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,"
                + "\"labels\":{\"service\":\"pay\\ud800x\"}}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field 'labels.service' is not valid Unicode: a lone UTF-16 surrogate U+D800 at character 3");
        MetricSample plain = codec.readMetric(("{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,"
                + "\"labels\":{\"service\":\"pay?x\"}}").getBytes(StandardCharsets.UTF_8));
        assertThat(plain.seriesId()).isEqualTo("h|m|service=pay?x");
    }

    @Test
    void shouldRefuseASurrogateEncodedInTheBytesRatherThanEscaped() {
        byte[] head = "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,\"labels\":{\"service\":\"pay"
                .getBytes(StandardCharsets.UTF_8);
        byte[] cesu = {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // U+D800 written as if it were a character
        byte[] tail = "x\"}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(head.length + cesu.length + tail.length).put(head).put(cesu).put(tail);
        assertThatThrownBy(() -> codec.readMetric(record.array())).isInstanceOf(InvalidRecordException.class);
    }

    private static Map<String, String> labels(Random random) {
        Map<String, String> labels = new TreeMap<>();
        int n = random.nextInt(4);
        for (int j = 0; j < n; j++) {
            labels.put(hostile(random, 3), hostile(random, 3));
        }
        return labels;
    }

    private static String hostile(Random random, int maxLength) {
        int n = random.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(HOSTILE[random.nextInt(HOSTILE.length)]);
        }
        return sb.toString();
    }

    /** A JSON string with every char written as an escape: lone surrogates reach the parser as the issue's did. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
        return sb.append('"').toString();
    }
}
