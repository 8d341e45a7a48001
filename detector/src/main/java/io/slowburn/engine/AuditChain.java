package io.slowburn.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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
    private final AuditSeal seal;

    public AuditChain(KeyValueState state, String writer, RecordCodec records) {
        this(state, writer, records, null);
    }

    /** With signed checkpoints when {@code seal} is not null ({@link #linkAll}). */
    public AuditChain(KeyValueState state, String writer, RecordCodec records, AuditSeal seal) {
        this.state = state;
        this.writer = writer;
        this.records = records;
        this.seal = seal;
    }

    /** The head: the next seq, the hash of the last record, and how many records since the last checkpoint. */
    private record Head(long seq, String prev, long since) {
    }

    /** The record with the chain fields appended; the head moves on to it. */
    public byte[] link(byte[] record) {
        ObjectNode n;
        try {
            n = (ObjectNode) records.mapper().readTree(record);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("audit record is not a JSON object", e);
        }
        return append(n, false);
    }

    /**
     * The record linked, then, when a seal is set and this record completes {@link AuditSeal#every()} records since the
     * last checkpoint, a signed checkpoint linked after it (same {@code ts}).
     */
    public List<byte[]> linkAll(byte[] record) {
        byte[] linked = link(record);
        if (seal == null) {
            return List.of(linked);
        }
        Head h = head();
        if (h.since() < seal.every()) {
            return List.of(linked);
        }
        ObjectNode c = records.mapper().createObjectNode();
        c.put("type", AuditSeal.TYPE);
        JsonNode ts;
        try {
            ts = records.mapper().readTree(linked).get("ts");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (ts != null) {
            c.set("ts", ts);
        }
        c.put(AuditSeal.SEALED_SEQ, h.seq() - 1);
        c.put(AuditSeal.SEALED_HEAD, h.prev());
        c.put(AuditSeal.EVERY, seal.every());
        c.put(AuditSeal.KEY_ID, seal.keyId());
        c.put(AuditSeal.SIG, seal.sign(writer, h.seq() - 1, h.prev()));
        return List.of(linked, append(c, true));
    }

    private byte[] append(ObjectNode n, boolean checkpoint) {
        Head h = head();
        n.put(WRITER, writer);
        n.put(SEQ, h.seq());
        n.put(PREV, h.prev());
        byte[] out = records.bytes(n);
        long since = checkpoint ? 0 : h.since() + 1;
        state.put(KEY, ((h.seq() + 1) + "|" + sha256(out) + "|" + since).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private Head head() {
        byte[] head = state.get(KEY);
        if (head == null) {
            return new Head(0, "", 0);
        }
        String[] parts = new String(head, StandardCharsets.UTF_8).split("\\|", -1);
        long seq = Long.parseLong(parts[0]);
        // Heads written before checkpoints existed have no count: they count from their seq.
        return new Head(seq, parts[1], parts.length > 2 ? Long.parseLong(parts[2]) : seq);
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
