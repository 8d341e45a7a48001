package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The series stage reads metric records with {@link MetricRecordReader}: whatever the record, the outcome must be the
 * codec's, the same sample or the same rejection, and the ordinary record must take the fast path.
 */
class MetricRecordReaderTest {

    private static final long T0 = 1_772_409_600_000L;
    private final RecordCodec codec = new RecordCodec();
    private final MetricRecordReader reader = new MetricRecordReader(codec);

    @Test
    void shouldReadTheOrdinaryRecordOnTheFastPathAsTheCodecDoes() throws Exception {
        String line = "{\"stream\":\"metric\",\"ts\":" + T0 + ",\"source\":\"host-1\",\"metric\":\"jvm.heap.used\","
                + "\"labels\":{\"pool\":\"old\",\"app\":\"checkout\"},\"value\":1.5E9,\"type\":\"gauge\","
                + "\"limit\":2.0E9,\"unit\":\"bytes\"}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(reader.fast(bytes)).as("the fast path takes it").isNotNull().isEqualTo(codec.readMetric(bytes));
        MetricSample counter = MetricSample.counter(T0, "host-2", "app.requests", Map.of(), 12_345);
        byte[] written = codec.bytes(codec.toJson(counter));
        assertThat(reader.fast(written)).isEqualTo(counter);
    }

    @Test
    void shouldReadEveryWrittenSampleAsTheCodecDoes() throws Exception {
        Random random = new Random(16);
        String[] units = {null, "bytes", "s", ""};
        int fast = 0;
        int plain = 0;
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 6) {
                case 0 -> random.nextInt(1_000_000);
                case 1 -> random.nextDouble();
                case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                case 3 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
                case 4 -> -random.nextInt(5);
                default -> random.nextLong();
            };
            MetricType type = value >= 0 && random.nextBoolean() ? MetricType.COUNTER : MetricType.GAUGE;
            Double limit = random.nextInt(3) == 0 ? Math.abs(value) + 1 : null;
            MetricSample s = new MetricSample(T0 + random.nextInt(1_000_000_000), "host-" + random.nextInt(50), "m." + i % 7,
                    i % 3 == 0 ? Map.of() : Map.of("k" + i % 4, "v" + random.nextInt(9)), value, type, limit, units[i % units.length]);
            byte[] bytes = codec.bytes(codec.toJson(s));
            MetricSample read = reader.fast(bytes);
            if (read != null) {
                fast++;
            }
            if (PlainMetricScanner.read(bytes, false) != null) {
                plain++;
            }
            assertSameOutcome(bytes);
            assertThat(reader.read(bytes)).isEqualTo(s);
        }
        assertThat(fast).as("written samples read on the fast path").isEqualTo(20_000);
        assertThat(plain).as("written samples read by the plain scan").isEqualTo(20_000);
    }

    @Test
    void shouldReadEveryShortDecimalBitForBitAsParseDoubleDoes() {
        // The plain scan reads a decimal of up to 15 digits without a string (PlainMetricScanner.exactDecimal).
        Random random = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + random.nextInt(18);
            StringBuilder number = new StringBuilder(random.nextBoolean() ? "-" : "");
            int point = random.nextInt(digits);
            for (int d = 0; d < digits; d++) {
                if (d == point + 1) {
                    number.append('.');
                }
                number.append(d == 0 && digits > 1 && point > 0 ? (char) ('1' + random.nextInt(9)) : (char) ('0' + random.nextInt(10)));
            }
            String text = number.indexOf(".") < 0 ? number + ".5" : number.toString();
            byte[] bytes = ("{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":" + text + "}")
                    .getBytes(StandardCharsets.UTF_8);
            MetricSample read = PlainMetricScanner.read(bytes, false);
            assertThat(read).as(text).isNotNull();
            assertThat(Double.doubleToRawLongBits(read.value())).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @Test
    void shouldRejectOrAcceptEveryOddRecordExactlyAsTheCodecDoes() {
        String base = "\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":1";
        List<String> records = new ArrayList<>(List.of(
                "", "null", "[]", "1", "\"x\"", "{}", "{" + base + "}", "{" + base + "} ", "{" + base + "}{}", "{" + base + "}x",
                "{" + base + ",\"value\":2}", "{" + base + ",\"ts\":5}", "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\"}",
                "{\"ts\":\"2026-03-02T00:00:00Z\",\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":1.7724096E12,\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ".5,\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":12,\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":4102444800000,\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":99999999999999999999999,\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":null,\"source\":\"h\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\" \",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\"a|b\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\"a\\u0001b\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\"h\\ud800\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\"hôte\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\"" + "x".repeat(257) + "\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\"" + "x".repeat(256) + "\",\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":7,\"metric\":\"m\",\"value\":1}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":null,\"value\":1}",
                "{" + base + ",\"value\":\"1\"}", "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":\"1\"}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":1e400}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":-0}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":-0.0,\"type\":\"counter\"}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":123456789012345678901234567890}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":0.1000000000000000055511151231257827}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":1" + "0".repeat(70) + "}",
                "{" + base + ",\"type\":\"counter\"}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":-1,\"type\":\"counter\"}",
                "{" + base + ",\"type\":\"histogram\"}", "{" + base + ",\"type\":1}", "{" + base + ",\"type\":null}",
                "{" + base + ",\"type\":\"COUNTER\"}",
                "{" + base + ",\"limit\":0}", "{" + base + ",\"limit\":-3}", "{" + base + ",\"limit\":null}",
                "{" + base + ",\"limit\":\"5\"}",
                "{" + base + ",\"limit\":5}", "{" + base + ",\"unit\":null}", "{" + base + ",\"unit\":5}",
                "{" + base + ",\"unit\":\"µs\"}",
                "{" + base + ",\"unit\":\"" + "u".repeat(257) + "\"}", "{" + base + ",\"unit\":\"a\\nb\"}",
                "{" + base + ",\"labels\":null}", "{" + base + ",\"labels\":{}}", "{" + base + ",\"labels\":[]}",
                "{" + base + ",\"labels\":{\"a\":1}}", "{" + base + ",\"labels\":{\"a\":true}}", "{" + base + ",\"labels\":{\"a\":null}}",
                "{" + base + ",\"labels\":{\"a\":{\"b\":\"c\"}}}", "{" + base + ",\"labels\":{\"\":\"x\"}}",
                "{" + base + ",\"labels\":{\"a=b\":\"x\"}}", "{" + base + ",\"labels\":{\"a\":\"x,y\"}}",
                "{" + base + ",\"labels\":{\"a\":\"x|y\"}}", "{" + base + ",\"labels\":{\"a\":\"x\",\"a\":\"y\"}}",
                "{" + base + ",\"labels\":{\"a\":\"\"}}", "{" + base + ",\"labels\":{\"a\":\" \"}}",
                "{" + base + ",\"labels\":{\"a\":\"\\ud800\"}}", "{" + base + ",\"labels\":{\"é\":\"x\"}}",
                "{" + base + ",\"stream\":\"metric\"}", "{" + base + ",\"stream\":\"event\"}", "{" + base + ",\"stream\":null}",
                "{" + base + ",\"stream\":3}", "{" + base + ",\"extra\":{\"deep\":[1,2,3]}}", "{" + base + ",\"extra\":\"\\udc00\"}",
                "{" + base + ",\"x\":" + "[".repeat(20) + "]".repeat(20) + "}",
                "{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":NaN}",
                "{'ts':" + T0 + "}", "\ufeff{" + base + "}", "{" + base + ",}", "{" + base));
        for (String number : new String[] {"-0", "0", "01", "1.", "-", "1.5e3", "-1.0E-5", "1E+2", "2e-400", "9223372036854775807",
            "-9223372036854775808", "12345678901234567890", "123456789012345678", "0.1234567890123456789012", "1.0e", "--1", "+1"}) {
            records.add("{\"ts\":" + T0 + ",\"source\":\"h\",\"metric\":\"m\",\"value\":" + number + "}");
            records.add("{\"ts\":" + number + ",\"source\":\"h\",\"metric\":\"m\",\"value\":1}");
        }
        records.addAll(List.of("{" + base + ",\"labels\":{\"a\":\"b\"},\"labels\":null}",
                "{" + base + ",\"labels\":null,\"labels\":{}}", "{" + base + ",\"source\":\"h\"}",
                "{" + base + ",\"type\":\"gauge\",\"type\":null}", "{" + base + ",\"limit\":1,\"limit\":2}",
                "{" + base + ",\"unit\":\"s\",\"unit\":\"s\"}", "{" + base + ",\"stream\":\"metric\",\"stream\":\"metric\"}",
                "{" + base + ",\"labels\":{\"a\":\"b\",}}", "{" + base + ",\"labels\":{\"a\":\"b\"", "{" + base + ",\"unit\":\"a\\\"b\"}",
                "{ " + base + "}", "{" + base + ",\"source\" :\"h2\"}", "{" + base + ",\"labels\":nul}",
                "{" + base + ",\"type\":\"gauge\"}\n",
                "{" + base + ",\"unit\":\"" + "u".repeat(256) + "\"}", "{" + base + ",\"labels\":{\"" + "k".repeat(257) + "\":\"v\"}}"));
        StringBuilder many = new StringBuilder("{" + base + ",\"labels\":{");
        for (int i = 0; i < 33; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        records.add(many + "}}");
        records.add(many.toString().replace("\"k32\":\"v\"", "").replaceAll(",$", "") + "}}");
        for (String r : records) {
            assertSameOutcome(r.getBytes(StandardCharsets.UTF_8));
            assertLineRoutesAsTheTreeDoes(r.getBytes(StandardCharsets.UTF_8));
            if (r.startsWith("{") && r.length() > 1) {
                for (String stream : new String[] {"\"metric\"", "\"event\"", "\"Metric\"", "null", "1"}) {
                    String line = "{\"stream\":" + stream + "," + r.substring(1);
                    assertLineRoutesAsTheTreeDoes(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        assertSameOutcome(null);
        assertSameOutcome(new byte[] {'{', '"', 't', 's', '"', ':', (byte) 0xC3, '}'});
        String huge = "{" + base + ",\"unit\":\"" + "u".repeat(RecordCodec.MAX_RECORD_BYTES) + "\"}";
        assertSameOutcome(huge.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheOrdinaryMetricLineOnTheFastPath() throws Exception {
        String line = "{\"stream\":\"metric\",\"ts\":" + T0 + ",\"source\":\"host-1\",\"metric\":\"jvm.heap.used\","
                + "\"labels\":{\"pool\":\"old\"},\"value\":1.5E9,\"type\":\"gauge\",\"limit\":2.0E9,\"unit\":\"bytes\"}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(reader.fastLine(bytes)).as("the fast path takes it").isNotNull().isEqualTo(codec.readMetric(bytes));
        assertThat(reader.fastLine(line.replace("\"stream\":\"metric\",", "").getBytes(StandardCharsets.UTF_8)))
                .as("a line that names no stream is the tree's to reject").isNull();
        assertThat(reader.fastLine(line.replace("\"metric\",\"ts", "\"event\",\"ts").getBytes(StandardCharsets.UTF_8)))
                .as("an event line is not a metric").isNull();
    }

    /**
     * A series spells its source, metric and labels the same in every sample: the reader hands on what it read of the
     * same bytes before (the same strings, the same labels map, which the sample keeps as it is), and any record that
     * merely starts like a labels object it read before is read, or refused, as if it had never seen one.
     */
    @Test
    void shouldReadTheSameSpellingsAsWhatItReadOfThemBefore() throws Exception {
        String labels = "{\"app\":\"checkout\",\"pool\":\"old\"}";
        MetricSample first = reader.read(metricRecord(T0, labels, "1.5"));
        MetricSample second = reader.read(metricRecord(T0 + 50_000, labels, "1.75"));
        assertThat(second).isEqualTo(MetricSample.gauge(T0 + 50_000, "host-1", "jvm.heap.used",
                Map.of("pool", "old", "app", "checkout"), 1.75));
        assertThat(second.labels()).isSameAs(first.labels());
        assertThat(second.source()).isSameAs(first.source());
        assertThat(second.metric()).isSameAs(first.metric());
        for (String variant : new String[] {"{\"app\":\"checkout\",\"pool\":\"old\",\"app\":\"x\"}",
            "{\"app\":\"checkout\",\"pool\":\"old\"},\"labels\":{}", "{\"app\":\"checkout\",\"pool\":\"old}\"}",
            "{\"app\":\"checkout\",\"pool\":\"old\"", "{\"app\":\"checkout\",\"pool\":\"new\"}", "{\"app\":\"checkout\"}",
            "{\"app\":\"check\\\"out\",\"pool\":\"old\"}", "{\"app\":\"checkout\",\"pool\":\"old\"}}", labels}) {
            for (int round = 0; round < 2; round++) {
                assertSameOutcome(metricRecord(T0, variant, "2"));
            }
        }
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder object = new StringBuilder("{");
            int n = random.nextInt(4);
            for (int k = 0; k < n; k++) {
                object.append(k == 0 ? "" : ",").append('"').append("abc=|,\"}{".charAt(random.nextInt(9))).append("\":\"")
                        .append("xy,}{|\"".charAt(random.nextInt(7))).append('"');
            }
            if (random.nextInt(5) > 0) {
                object.append('}');
            }
            assertSameOutcome(metricRecord(T0 + i, object.toString(), Integer.toString(i)));
        }
    }

    /** A type read before is known by its spelling: alternating, mistyped or odd types read as the codec reads them. */
    @Test
    void shouldReadEveryTypeAsTheCodecDoesWhateverWasReadBefore() {
        String[] types = {"\"gauge\"", "\"counter\"", "\"Gauge\"", "\"histogram\"", "null", "\"\"", "\"counter \""};
        Random random = new Random(16);
        for (int i = 0; i < 5_000; i++) {
            String type = types[random.nextInt(types.length)];
            assertSameOutcome(("{\"ts\":" + (T0 + i) + ",\"source\":\"host-1\",\"metric\":\"m" + random.nextInt(3)
                    + "\",\"value\":" + random.nextInt(9) + ",\"type\":" + type + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] metricRecord(long ts, String labels, String value) {
        return ("{\"ts\":" + ts + ",\"source\":\"host-1\",\"metric\":\"jvm.heap.used\",\"labels\":" + labels + ",\"value\":"
                + value + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whatever a JSON Lines record, the fast line reader takes it only when the tree would route it as a metric and read
     * the same sample from it ({@code backtest} reads lines so).
     */
    private void assertLineRoutesAsTheTreeDoes(byte[] bytes) {
        MetricSample fast = reader.fastLine(bytes);
        if (fast == null) {
            return;
        }
        try {
            var tree = codec.readTree(bytes);
            assertThat(codec.streamOf(tree, null)).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(Stream.METRIC);
            assertThat(fast).isEqualTo(codec.toMetric(tree));
            assertThat(new LineRouting().timestampOf(tree)).isEqualTo(fast.ts());
            assertThat(LineRouting.keyOf(Stream.METRIC, tree)).isEqualTo(fast.seriesId());
        } catch (InvalidRecordException e) {
            throw new AssertionError("the fast line reader took a record the tree rejects: "
                    + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    /** The reader's outcome is the codec's: the same sample, or a rejection in the same words. */
    private void assertSameOutcome(byte[] bytes) {
        String expected;
        try {
            expected = "read " + codec.readMetric(bytes);
        } catch (InvalidRecordException e) {
            expected = "rejected: " + e.getMessage();
        }
        MetricSample plain = PlainMetricScanner.read(bytes, false);
        if (plain != null) {
            assertThat("read " + plain).as("plain scan of " + (bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8)))
                    .isEqualTo(expected);
        }
        String actual;
        try {
            actual = "read " + reader.read(bytes);
        } catch (InvalidRecordException e) {
            actual = "rejected: " + e.getMessage();
        }
        assertThat(actual).as(bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
