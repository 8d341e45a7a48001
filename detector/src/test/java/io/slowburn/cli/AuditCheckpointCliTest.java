package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.engine.AuditChain;
import io.slowburn.verdict.ExperimentKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed audit checkpoints (issue 12 item 7): with {@code audit.signing.key}, the verdict stage appends a checkpoint
 * every {@code audit.checkpoint.records} records, signed with the detector's Ed25519 key; {@code audit verify
 * --public-key} checks them. A trail rewritten with fresh hashes passes the hash chain alone, and is broken with the
 * key; a truncated trail is sealed only as far as its last checkpoint, and says so.
 */
class AuditCheckpointCliTest {

    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path input;
    Path audit;
    Path pub;
    List<String> lines;

    @BeforeEach
    void backtestWithASigningKey() throws Exception {
        List<String> in = new ArrayList<>();
        for (String host : List.of("host-1", "host-2", "host-3", "host-4")) {
            long offset = (host.charAt(5) - '0') * 20 * MIN;
            for (int k = 0; k < 4; k++) {
                in.add("{\"stream\":\"event\",\"ts\":" + (T0 + offset + k * MIN) + ",\"source\":\"" + host
                        + "\",\"event\":\"process.exit\",\"attrs\":{\"exe\":\"/usr/bin/java\",\"signal\":\"SIGKILL\",\"exit_code\":137}}");
            }
        }
        for (int m = 5; m <= 200; m += 5) {
            in.add("{\"stream\":\"event\",\"ts\":" + (T0 + m * MIN) + ",\"source\":\"host-9\",\"event\":\"process.start\",\"attrs\":{}}");
        }
        in.sort(Comparator.comparingLong(l -> Long.parseLong(l.replaceAll(".*\"ts\":(\\d+).*", "$1"))));
        input = Files.write(dir.resolve("in.jsonl"), in);
        ExperimentKeys.Generated key = ExperimentKeys.keygen("detector", dir.resolve("keys"));
        pub = key.publicKey();
        audit = dir.resolve("audit.jsonl");
        Cli cli = new Cli();
        assertThat(cli.run("backtest", "--input", input.toString(), "--output", dir.resolve("a.jsonl").toString(), "--audit",
                audit.toString(), "--set", "audit.signing.key=" + key.privateKey(), "--set", "audit.checkpoint.records=2"))
                .as(cli.toString()).isZero();
        lines = Files.readAllLines(audit);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"checkpoint\"")).count()).as("checkpoints").isGreaterThanOrEqualTo(3);
        assertThat(lines.get(2)).startsWith("{\"type\":\"checkpoint\",\"ts\":").contains("\"sealed_seq\":1,", "\"key_id\":\"detector\"",
                "\"writer\":\"verdict\",\"seq\":2,");
    }

    @Test
    void aSignedTrailVerifiesAndSaysHowFarItIsSealed() throws Exception {
        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", audit.toString(), "--public-key", pub.toString())).as(cli.toString()).isZero();
        assertThat(cli.out()).containsPattern("writer verdict: \\d+ checkpoints verify, sealed through seq " + lastCheckpointSeq(lines)
                + "; \\d records after it unsealed");
    }

    @Test
    void aTailRewrittenWithFreshHashesPassesTheChainButNotTheSignatures() throws Exception {
        List<String> forged = new ArrayList<>(lines);
        int victim = 3; // a verdict sealed by a later checkpoint
        forged.set(victim, forged.get(victim).replace("\"verdict\":\"suspicious\"", "\"verdict\":\"sanctioned\""));
        assertThat(forged.get(victim)).isNotEqualTo(lines.get(victim));
        Path t = Files.write(dir.resolve("forged.jsonl"), rechain(forged));

        Cli chainOnly = new Cli();
        assertThat(chainOnly.run("audit", "verify", "--input", t.toString())).as("the hash chain alone is fooled").isZero();
        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", t.toString(), "--public-key", pub.toString())).as(cli.toString()).isEqualTo(1);
        assertThat(cli.err()).contains("BROKEN at forged.jsonl:").contains("forged checkpoint: its signature does not verify");
    }

    @Test
    void aTailRewrittenWithoutItsCheckpointsIsBrokenToo() throws Exception {
        List<String> forged = new ArrayList<>(lines.subList(0, 3)); // up to and with the first checkpoint
        lines.subList(3, lines.size()).stream().filter(l -> !l.contains("\"type\":\"checkpoint\"")).forEach(forged::add);
        Path t = Files.write(dir.resolve("stripped.jsonl"), rechain(forged));

        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", t.toString(), "--public-key", pub.toString())).as(cli.toString()).isEqualTo(1);
        assertThat(cli.err()).contains("checkpoint missing: more than 2 records after the checkpoint at seq 2");
    }

    @Test
    void aTruncatedTrailIsSealedOnlyAsFarAsItsLastCheckpoint() throws Exception {
        int cut = lines.size() - 4;
        List<String> truncated = lines.subList(0, cut);
        Path t = Files.write(dir.resolve("truncated.jsonl"), truncated);

        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", t.toString(), "--public-key", pub.toString())).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("sealed through seq " + lastCheckpointSeq(truncated) + ";");
        assertThat(lastCheckpointSeq(truncated)).isLessThan(lastCheckpointSeq(lines));
    }

    @Test
    void anotherKeyOrNoKeyIsSaid() throws Exception {
        Path other = ExperimentKeys.keygen("other", dir.resolve("other")).publicKey();
        Cli cli = new Cli();
        assertThat(cli.run("audit", "verify", "--input", audit.toString(), "--public-key", other.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("forged checkpoint");

        Path unsigned = dir.resolve("unsigned.jsonl");
        Cli bt = new Cli();
        assertThat(bt.run("backtest", "--input", input.toString(), "--output", dir.resolve("b.jsonl").toString(), "--audit",
                unsigned.toString())).isZero();
        Cli v = new Cli();
        assertThat(v.run("audit", "verify", "--input", unsigned.toString(), "--public-key", pub.toString())).isZero();
        assertThat(v.out()).contains("writer verdict: no signed checkpoint (is audit.signing.key set?)");
        Cli none = new Cli();
        assertThat(none.run("audit", "verify", "--input", audit.toString())).isZero();
        assertThat(none.out()).contains("checkpoint signatures not checked (no --public-key)");
    }

    @Test
    void anUnreadableSigningKeyFailsTheStart() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("detector.key"), "not a key");
        Cli cli = new Cli();
        assertThat(cli.run("backtest", "--input", input.toString(), "--output", dir.resolve("c.jsonl").toString(), "--set",
                "audit.signing.key=" + notAKey)).as(cli.toString()).isNotZero();
        assertThat(cli.err()).contains("audit.signing.key");
    }

    private static long lastCheckpointSeq(List<String> trail) throws Exception {
        long seq = -1;
        for (String l : trail) {
            if (l.contains("\"type\":\"checkpoint\"")) {
                seq = JSON.readTree(l).get("seq").asLong();
            }
        }
        return seq;
    }

    /** What a forger with write access does: renumber and rehash the chain (and checkpoints' sealed fields) from the top. */
    private static List<String> rechain(List<String> trail) throws Exception {
        List<String> out = new ArrayList<>();
        String prev = "";
        long seq = 0;
        for (String l : trail) {
            ObjectNode n = (ObjectNode) JSON.readTree(l);
            n.put("seq", seq);
            n.put("prev", prev);
            if (n.path("type").asText().equals("checkpoint")) {
                n.put("sealed_seq", seq - 1);
                n.put("sealed_head", prev);
            }
            String text = JSON.writeValueAsString(n);
            out.add(text);
            prev = AuditChain.sha256(text.getBytes(StandardCharsets.UTF_8));
            seq++;
        }
        return out;
    }
}
