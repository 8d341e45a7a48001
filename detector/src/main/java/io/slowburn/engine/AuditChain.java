package io.slowburn.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A hash chain over the audit records of one writer: each record gets {@code writer} (the chain's name), {@code seq}
 * (0, 1, 2, ... per writer) and {@code prev} (hex SHA-256 of the exact bytes of the writer's previous record, "" for
 * the first). Deleting, altering or reordering a record then breaks the chain ({@code slowburn audit verify}).
 *
 * <p>The chain's head lives in the writer's own state store, so it commits with the records it links (exactly once)
 * and survives restarts; in {@code backtest} the same stage keeps it in memory, so offline and live chains agree.
 */
public final class AuditChain {

    /** Field names added to every chained audit record (additive: the record's own fields are unchanged). */
    public static final String WRITER = "writer";
    public static final String SEQ = "seq";
    public static final String PREV = "prev";

    /** Where the head (next seq, hash of the last record) is kept in the writer's state. */
    static final String KEY = "~audit-chain";

    private final KeyValueState state;
    private final String writer;
    private final RecordCodec records;

    public AuditChain(KeyValueState state, String writer, RecordCodec records) {
        this.state = state;
        this.writer = writer;
        this.records = records;
    }

    /** The record with the chain fields appended; the head moves on to it. */
    public byte[] link(byte[] record) {
        ObjectNode n;
        try {
            n = (ObjectNode) records.mapper().readTree(record);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("audit record is not a JSON object", e);
        }
        long seq = 0;
        String prev = "";
        byte[] head = state.get(KEY);
        if (head != null) {
            String h = new String(head, StandardCharsets.UTF_8);
            int bar = h.indexOf('|');
            seq = Long.parseLong(h.substring(0, bar));
            prev = h.substring(bar + 1);
        }
        n.put(WRITER, writer);
        n.put(SEQ, seq);
        n.put(PREV, prev);
        byte[] out = records.bytes(n);
        state.put(KEY, ((seq + 1) + "|" + sha256(out)).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Hex SHA-256 of {@code bytes}: what the next record's {@code prev} holds. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
