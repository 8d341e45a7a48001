package io.slowburn.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimePeekTest {

    static final long T0 = 1_772_409_600_000L;

    @Test
    void shouldReadTheEventTimeWhereverItStandsInTheRecord() {
        assertThat(peek("{\"stream\":\"metric\",\"ts\":" + T0 + ",\"source\":\"h\"}")).isEqualTo(T0);
        assertThat(peek("{\"labels\":{\"ts\":1},\"attrs\":[{\"ts\":2}],\"ts\":" + T0 + "}"))
                .as("a nested ts is not the record's").isEqualTo(T0);
        assertThat(peek("{\"ts\":\"2026-03-02T00:00:00Z\"}")).isEqualTo(T0);
        assertThat(peek("{\"ts\":\"2026-03-02T01:00:00+01:00\"}")).isEqualTo(T0);
        assertThat(peek("{\"ts\":1.7724096E12}")).isEqualTo(T0);
    }

    @Test
    void shouldFindNoEventTimeWhereTheRecordsValidationWouldRejectIt() {
        assertThat(peek("{\"source\":\"h\"}")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":-1}")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":1e300}")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":1772409600000.5}")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":4102444800000}")).as("2100").isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":99999999999999999999999}")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":\"yesterday\"}")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":null}")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("[" + T0 + "]")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("{\"ts\":" + T0)).as("truncated after ts still has a ts").isEqualTo(T0);
        assertThat(peek("{\"source\":")).isEqualTo(EventTimePeek.NONE);
        assertThat(peek("[".repeat(3_000))).isEqualTo(EventTimePeek.NONE);
        assertThat(EventTimePeek.of(null)).isEqualTo(EventTimePeek.NONE);
        assertThat(EventTimePeek.of(new byte[] {(byte) 0xff, (byte) 0xfe})).isEqualTo(EventTimePeek.NONE);
    }

    @Test
    void shouldReadAPlainRecordWithoutAParserAsTheParserReadsIt() {
        // EventTimePeek.of reads {"ts":<digits>, ... without creating a parser; anything it is unsure of goes to one.
        Random random = new Random(3);
        String[] starts = {"{\"ts\":", "{\"ts\": ", "{ \"ts\":", "{\"ts\":-", "{\"ts\":0", "{\"tsx\":"};
        String[] ends = {",\"source\":\"h\"}", "}", "", "x", " ,", ".5}", "e3}", "E2,", ",", "0}"};
        for (int i = 0; i < 100_000; i++) {
            StringBuilder digits = new StringBuilder();
            int n = random.nextInt(4) == 0 ? 1 + random.nextInt(22) : 13;
            for (int d = 0; d < n; d++) {
                digits.append((char) ('0' + (d == 0 ? 1 + random.nextInt(9) : random.nextInt(10))));
            }
            String ts = random.nextInt(3) == 0 ? digits.toString() : Long.toString(T0 + random.nextInt(1_000_000_000));
            byte[] json = (starts[random.nextInt(starts.length)] + ts + ends[random.nextInt(ends.length)])
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(EventTimePeek.of(json)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(EventTimePeek.parsed(json));
        }
    }

    private static long peek(String json) {
        return EventTimePeek.of(json.getBytes(StandardCharsets.UTF_8));
    }
}
