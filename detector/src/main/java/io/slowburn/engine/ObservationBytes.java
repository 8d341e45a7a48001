package io.slowburn.engine;

import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric samples on their way from the series stage to the source stage (the samples of source-keyed rules, such as a
 * retry storm's two counters), in a compact binary form: no JSON to write and parse again for every such sample. The
 * form starts with a byte that no JSON text starts with, so the source stage still reads the JSON records written
 * before an upgrade (in flight on the repartition topic, or held in its buffer store); events keep going as JSON.
 *
 * <p>Layout (big-endian): {@code 0x01}, ts (8), value (8), type ordinal (1), limit flag (1) and limit (8), source,
 * metric, unit flag (1) and unit, label count (4) and labels (key, value); each string as its UTF-8 length (4) and
 * bytes.
 */
public final class ObservationBytes {

    private static final byte METRIC_V1 = 0x01;
    private static final MetricType[] TYPES = MetricType.values();

    private ObservationBytes() {
    }

    /** Whether {@code bytes} hold a metric sample in this form (else: JSON). */
    public static boolean isMetric(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == METRIC_V1;
    }

    public static byte[] metric(MetricSample s) {
        byte[] source = utf8(s.source());
        byte[] metric = utf8(s.metric());
        byte[] unit = s.unit() == null ? null : utf8(s.unit());
        byte[][] labels = new byte[s.labels().size() * 2][];
        int size = 1 + 8 + 8 + 1 + 1 + 8 + 4 + source.length + 4 + metric.length + 1 + (unit == null ? 0 : 4 + unit.length) + 4;
        int i = 0;
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            labels[i] = utf8(e.getKey());
            labels[i + 1] = utf8(e.getValue());
            size += 8 + labels[i].length + labels[i + 1].length;
            i += 2;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(METRIC_V1).putLong(s.ts()).putDouble(s.value()).put((byte) s.type().ordinal());
        b.put((byte) (s.limit() == null ? 0 : 1)).putDouble(s.limit() == null ? 0 : s.limit());
        put(b, source);
        put(b, metric);
        b.put((byte) (unit == null ? 0 : 1));
        if (unit != null) {
            put(b, unit);
        }
        b.putInt(s.labels().size());
        for (byte[] l : labels) {
            put(b, l);
        }
        return b.array();
    }

    /** @throws IllegalArgumentException when {@code bytes} are not a metric sample in this form */
    public static MetricSample readMetric(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != METRIC_V1) {
                throw new IllegalArgumentException("not a binary metric sample");
            }
            long ts = b.getLong();
            double value = b.getDouble();
            MetricType type = TYPES[b.get()];
            boolean hasLimit = b.get() == 1;
            double limit = b.getDouble();
            String source = string(b);
            String metric = string(b);
            String unit = b.get() == 1 ? string(b) : null;
            int n = b.getInt();
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                labels.put(string(b), string(b));
            }
            return new MetricSample(ts, source, metric, labels, value, type, hasLimit ? limit : null, unit);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt binary metric sample: " + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer b, byte[] s) {
        b.putInt(s.length).put(s);
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
