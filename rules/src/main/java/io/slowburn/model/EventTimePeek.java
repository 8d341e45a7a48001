package io.slowburn.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a record's event time (its top-level {@code ts}) without parsing the rest of it: a streaming scan that stops
 * at the field, for ordering records by event time before they are validated. The rules are those of
 * {@link RecordCodec#timestamp}: epoch milliseconds (an integral number) or ISO-8601, within [2000, 2100).
 */
public final class EventTimePeek {

    /** What {@link #of} returns when a record has no valid event time. */
    public static final long NONE = -1;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EventTimePeek() {
    }

    /** The event time of a JSON record, or {@link #NONE} when it is not an object with a valid {@code ts}. */
    public static long of(byte[] json) {
        if (json == null) {
            return NONE;
        }
        long plain = plainFirst(json);
        return plain != NOT_PLAIN ? plain : parsed(json);
    }

    /** What {@link #plainFirst} returns for a record it leaves to the parser. */
    private static final long NOT_PLAIN = Long.MIN_VALUE;
    private static final byte[] PLAIN_START = {'{', '"', 't', 's', '"', ':'};
    /** Up to this many digits a whole number surely fits a long (and the range check rejects it long before). */
    private static final int MAX_DIGITS = 18;

    /**
     * The record as adapters write it, {@code ts} first and in digits ({@code {"ts":1772409600000,...}}), read without a
     * parser (creating one costs about as much as the rest of the peek, for every record); what the parser would make
     * of it, since it stops at the first {@code ts} too. Anything else (whitespace, another field first, a sign, a
     * leading zero, a fraction): {@link #NOT_PLAIN}.
     */
    private static long plainFirst(byte[] json) {
        int n = PLAIN_START.length;
        if (json.length < n + 2) {
            return NOT_PLAIN;
        }
        for (int i = 0; i < n; i++) {
            if (json[i] != PLAIN_START[i]) {
                return NOT_PLAIN;
            }
        }
        if (json[n] < '1' || json[n] > '9') {
            return NOT_PLAIN;
        }
        long ts = 0;
        int i = n;
        while (i < json.length && json[i] >= '0' && json[i] <= '9') {
            if (i - n == MAX_DIGITS) {
                return NOT_PLAIN;
            }
            ts = ts * 10 + (json[i] - '0');
            i++;
        }
        if (i == json.length || (json[i] != ',' && json[i] != '}')) {
            return NOT_PLAIN;
        }
        return valid(ts);
    }

    /** {@link #of}, by a streaming parse. */
    static long parsed(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("ts".equals(name)) {
                    return valid(value(p, value));
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            return NONE; // malformed or beyond the parser's limits: the record's validation will say why
        }
        return NONE;
    }

    private static long value(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NONE : p.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            return Double.isFinite(d) && d == Math.rint(d) ? (long) d : NONE;
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return RecordCodec.parseIso("ts", p.getText());
            } catch (InvalidRecordException e) {
                return NONE;
            }
        }
        return NONE;
    }

    private static long valid(long ts) {
        return ts >= RecordCodec.MIN_TS && ts < RecordCodec.MAX_TS ? ts : NONE;
    }
}
