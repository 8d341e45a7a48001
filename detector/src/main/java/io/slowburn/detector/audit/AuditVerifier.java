package io.slowburn.detector.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.engine.AuditChain;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the hash chains of an audit trail ({@link AuditChain}): per writer, the records must come with seq 0, 1, 2,
 * ... in order, and each record's {@code prev} must be the SHA-256 of the exact bytes of the writer's record before
 * it. The first record that breaks a chain is named with its reason: deleted (a seq gap), altered (a hash that does
 * not match) or reordered (a seq that goes back, or one that comes later than its successor).
 *
 * <p>Every record the detector writes is chained (declarations and rule reloads too, through the verdict stage:
 * {@link io.slowburn.engine.AuditRelay}), so a record without a {@code writer} field is a break of its own (inserted),
 * unless the verifier allows them: trails written before that change have unchained declaration and reload records.
 * What a chain cannot show on its own: records cut off after a writer's last record (nothing points back to them).
 */
public final class AuditVerifier {

    /** One audit record as read: where it was (a line number or a topic position), and its exact bytes. */
    public record Entry(String where, byte[] bytes) {
    }

    /**
     * The outcome: the chains seen with their length, how many records were unchained, the first break, if any, and,
     * when a public key was given, each chain's signed checkpoints ({@link #seals}).
     */
    public record Result(Map<String, Long> chains, long unchained, String firstBreak, Map<String, Sealing> seals) {

        Result(Map<String, Long> chains, long unchained, String firstBreak) {
            this(chains, unchained, firstBreak, Map.of());
        }

        public boolean intact() {
            return firstBreak == null;
        }
    }

    /** One chain's checkpoints: how many, the seq of the last valid one (-1: none), and the records after it. */
    public record Sealing(long checkpoints, long sealedThrough, long unsealed) {
    }

    private record Link(Entry entry, long seq, String prev, String hash, JsonNode node) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final PublicKey key;
    private final boolean allowUnchained;

    /** Hash chains only: checkpoints are taken as records. */
    public AuditVerifier() {
        this(null);
    }

    /** Hash chains and, with {@code key} (the detector's public key), their signed checkpoints. */
    public AuditVerifier(PublicKey key) {
        this(key, false);
    }

    /** As {@link #AuditVerifier(PublicKey)}; with {@code allowUnchained}, records without a writer are counted, not a break. */
    public AuditVerifier(PublicKey key, boolean allowUnchained) {
        this.key = key;
        this.allowUnchained = allowUnchained;
    }

    /**
     * Verifies the records in the order given (a file's order; for a topic, each writer's records sorted by seq, since
     * partitions have no order between them). A record that is not a JSON object is a break of its own.
     */
    public Result verify(List<Entry> entries) {
        return verify(entries, false);
    }

    /**
     * As {@link #verify(List)}, with each writer's records first sorted by seq when {@code bySeq}: a topic's partitions
     * have no order between them, so on a topic only deletions (gaps), alterations and duplicates can show.
     */
    public Result verify(List<Entry> entries, boolean bySeq) {
        Map<String, List<Link>> byWriter = new LinkedHashMap<>();
        long unchained = 0;
        for (Entry e : entries) {
            JsonNode n;
            try {
                n = mapper.readTree(e.bytes());
            } catch (JsonProcessingException ex) {
                return new Result(Map.of(), unchained, e.where() + ": not a JSON audit record (" + ex.getOriginalMessage() + ")");
            } catch (IOException ex) {
                return new Result(Map.of(), unchained, e.where() + ": not a JSON audit record");
            }
            if (n == null || !n.isObject()) {
                return new Result(Map.of(), unchained, e.where() + ": not a JSON audit record");
            }
            if (!n.has(AuditChain.WRITER)) {
                unchained++;
                if (!allowUnchained) {
                    return new Result(Map.of(), unchained, e.where() + ": unchained: a " + n.path("type").asText("record")
                            + " record in no chain (no writer field): inserted, or written by a slowburn that chained verdicts only "
                            + "(--allow-unchained accepts those)");
                }
                continue;
            }
            JsonNode seq = n.get(AuditChain.SEQ);
            JsonNode prev = n.get(AuditChain.PREV);
            String writer = n.get(AuditChain.WRITER).asText();
            if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || prev == null || !prev.isTextual()) {
                return new Result(Map.of(), unchained, e.where() + " (writer " + writer + "): altered: no valid seq and prev");
            }
            byWriter.computeIfAbsent(writer, w -> new ArrayList<>())
                    .add(new Link(e, seq.asLong(), prev.asText(), AuditChain.sha256(e.bytes()), n));
        }
        Map<String, Long> chains = new LinkedHashMap<>();
        Map<String, Sealing> seals = new LinkedHashMap<>();
        String first = null;
        for (Map.Entry<String, List<Link>> w : byWriter.entrySet()) {
            if (bySeq) {
                w.getValue().sort(Comparator.comparingLong(Link::seq));
            }
            chains.put(w.getKey(), (long) w.getValue().size());
            String b = check(w.getKey(), w.getValue());
            if (b == null && key != null) {
                AuditSealCheck.Sealing s = AuditSealCheck.check(w.getKey(), w.getValue().stream()
                        .map(l -> new AuditSealCheck.Linked(l.entry().where(), l.seq(), l.prev(), l.node())).toList(), key);
                seals.put(w.getKey(), new Sealing(s.checkpoints(), s.sealedThrough(), s.unsealed()));
                b = s.broken();
            }
            if (b != null && first == null) {
                first = b;
            }
        }
        return new Result(chains, unchained, first, seals);
    }

    /** The first break of one writer's chain, or null. */
    private static String check(String writer, List<Link> links) {
        Set<Long> later = new HashSet<>();
        links.forEach(l -> later.add(l.seq()));
        Set<Long> seen = new HashSet<>();
        long expected = 0;
        String prevHash = "";
        Link before = null;
        for (Link l : links) {
            String at = l.entry().where() + " (writer " + writer + ", seq " + l.seq() + "): ";
            if (l.seq() < expected) {
                return at + "reordered: seq goes back (expected " + expected + ")"
                        + (seen.contains(l.seq()) ? "; seq " + l.seq() + " appears twice" : "");
            }
            if (l.seq() > expected) {
                return at + (later.contains(expected) && !seen.contains(expected)
                        ? "reordered: seq " + expected + " comes after it"
                        : "deleted: seq " + expected + (l.seq() - 1 > expected ? " to " + (l.seq() - 1) : "") + " missing");
            }
            if (!l.prev().equals(prevHash)) {
                return before == null
                        ? at + "altered: the first record of a chain must have prev \"\""
                        : before.entry().where() + " (writer " + writer + ", seq " + before.seq() + "): altered: its SHA-256 "
                                + before.hash() + " is not the prev " + l.prev() + " recorded by " + l.entry().where();
            }
            seen.add(l.seq());
            expected = l.seq() + 1;
            prevHash = l.hash();
            before = l;
        }
        return null;
    }
}
