package io.slowburn.e2e;

import static io.slowburn.e2e.Fixtures.MIN;
import static io.slowburn.e2e.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.verdict.DeclarationSigner;
import io.slowburn.verdict.ExperimentKeys;
import io.slowburn.verdict.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on sanctioned experiments, on the real topology: widening a declaration's scope without valid signatures,
 * replaying a declaration's approvals under another id, and removing (or rotating) a trusted key while the detector
 * runs. None of them sanctions anything afterwards; the audit topic says why a replacement was refused.
 */
class DeclarationAttackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final KeyPair SRE_LEAD = ExperimentKeys.generate();
    static final KeyPair MALLORY = ExperimentKeys.generate();

    @TempDir
    Path tmp;

    /** A kill experiment from T0+10m to T0+70m, declared at {@code declaredAt}. */
    static String experiment(String id, String scope, long declaredAt) {
        return ("{\"stream\":\"experiment\",\"id\":\"%s\",\"ts\":%d,\"title\":\"kill checkout\",\"scope\":{\"sources\":[%s]},"
                + "\"faults\":[\"process.kill\"],\"start\":%d,\"end\":%d,\"blast_radius\":{\"max_sources\":3},\"abort_when\":[]}")
                .formatted(id, declaredAt, scope, T0 + 10 * MIN, T0 + 70 * MIN);
    }

    static String sign(String json, KeyPair key, String keyId) throws Exception {
        return new DeclarationSigner().sign(json, key.getPrivate(), keyId);
    }

    /** The real topology with a key source; records in as JSON Lines, verdicts out. */
    static final class Detector implements AutoCloseable {
        final OfflineDetector d;
        final List<JsonNode> alerts = new ArrayList<>();
        final List<JsonNode> audit = new ArrayList<>();
        final List<JsonNode> control = new ArrayList<>();

        Detector(TrustedKeySource keys) {
            DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory"));
            d = new OfflineDetector(config, Fixtures.setup(config, keys), DetectorMetrics.detached());
        }

        void line(String line) throws Exception {
            d.pipeLine(line);
            d.drainAlerts().forEach(kv -> alerts.add(parse(kv.value)));
            d.drainAudit().forEach(kv -> audit.add(parse(kv.value)));
            d.drainControl().forEach(kv -> control.add(parse(kv.value)));
        }

        void killStorm(String host, long from) throws Exception {
            for (int k = 0; k < 4; k++) {
                line(Fixtures.kill(from + k * MIN, host));
            }
        }

        /** Verdicts of the firing alerts on {@code host}. */
        List<String> verdicts(String host) {
            return alerts.stream().filter(a -> a.get("source").asText().equals(host) && a.get("status").asText().equals("firing"))
                    .map(a -> a.get("verdict").asText()).toList();
        }

        List<JsonNode> audit(String type) {
            return audit.stream().filter(a -> a.get("type").asText().equals(type)).toList();
        }

        @Override
        public void close() {
            d.close();
        }
    }

    static JsonNode parse(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static TrustedKeySource trustingSreLead() {
        return TrustedKeySource.fixed(TrustedKeys.of(Map.of("sre-lead", SRE_LEAD.getPublic())));
    }

    @Test
    void shouldRefuseToWidenADeclarationsScopeWithoutValidSignatures() throws Exception {
        String original = sign(experiment("exp-42", "\"host-4\"", T0), SRE_LEAD, "sre-lead");
        String wider = experiment("exp-42", "\"host-4\",\"host-5\",\"web-*\"", T0 + MIN);
        // The original's approval pasted onto the wider body: altered after signing.
        JsonNode approvals = parse(original.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get("approvals");
        ObjectNode pasted = (ObjectNode) parse(wider.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pasted.set("approvals", approvals);
        List<String> attacks = List.of(
                wider,                                   // unsigned
                sign(wider, MALLORY, "mallory"),        // signed by an untrusted key
                sign(wider, MALLORY, "sre-lead"),       // an untrusted key claiming a trusted key id
                JSON.writeValueAsString(pasted));        // a trusted approval copied onto other content
        for (String attack : attacks) {
            try (Detector d = new Detector(trustingSreLead())) {
                d.line(original);
                d.line(attack);
                d.killStorm("host-4", T0 + 20 * MIN);
                d.killStorm("host-5", T0 + 25 * MIN);
                d.killStorm("web-1", T0 + 30 * MIN);

                List<JsonNode> rejected = d.audit("declaration_rejected");
                assertThat(rejected).as(attack).hasSize(1);
                assertThat(rejected.get(0).get("experiment").asText()).isEqualTo("exp-42");
                assertThat(rejected.get(0).get("reason").asText()).as(attack)
                        .contains("replacement of experiment exp-42 rejected", "earlier authentic declaration stays");
                assertThat(d.verdicts("host-4")).as("the original scope still holds").containsExactly("sanctioned");
                assertThat(d.verdicts("host-5")).as(attack).isNotEmpty().doesNotContain("sanctioned");
                assertThat(d.verdicts("web-1")).as(attack).isNotEmpty().doesNotContain("sanctioned");
            }
        }
    }

    @Test
    void shouldSanctionNothingWithApprovalsReplayedUnderAnotherId() throws Exception {
        String signed = sign(experiment("exp-42", "\"host-4\"", T0), SRE_LEAD, "sre-lead");
        // The same declaration (and signature) under new ids, one with a wider scope: the id is signed too.
        String sameScope = signed.replace("\"id\":\"exp-42\"", "\"id\":\"exp-43\"");
        String otherHost = signed.replace("\"id\":\"exp-42\"", "\"id\":\"exp-44\"").replace("\"host-4\"", "\"host-5\"");
        assertThat(sameScope).contains("exp-43").contains("\"sig\"");
        try (Detector d = new Detector(trustingSreLead())) {
            d.line(sameScope);
            d.line(otherHost);
            d.killStorm("host-4", T0 + 20 * MIN);
            d.killStorm("host-5", T0 + 30 * MIN);

            assertThat(d.verdicts("host-4")).isNotEmpty().doesNotContain("sanctioned");
            assertThat(d.verdicts("host-5")).isNotEmpty().doesNotContain("sanctioned");
            assertThat(d.audit("declaration_unverified")).extracting(a -> a.get("authentic").asBoolean()).containsExactly(false, false);
            assertThat(d.audit("declaration_accepted")).as("an unverified declaration is not called accepted").isEmpty();
            assertThat(d.control).isEmpty();
        }
    }

    @Test
    void shouldWithdrawSanctionsWhenATrustedKeyIsRemovedOrRotatedWhileRunning() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(keys.resolve("sre-lead.pub"), ExperimentKeys.publicPem(SRE_LEAD.getPublic()));
        AtomicLong clock = new AtomicLong();
        TrustedKeySource source = TrustedKeySource.watching(keys, 1_000, clock::get);
        try (Detector d = new Detector(source)) {
            d.line(sign(experiment("exp-42", "\"host-4\",\"host-5\",\"host-6\"", T0), SRE_LEAD, "sre-lead"));
            d.killStorm("host-4", T0 + 15 * MIN);
            assertThat(d.verdicts("host-4")).containsExactly("sanctioned");

            // Removed: the directory is re-read on the next check; no restart, nothing re-declared.
            Files.delete(keys.resolve("sre-lead.pub"));
            clock.addAndGet(1_000);
            d.killStorm("host-5", T0 + 25 * MIN);
            assertThat(d.verdicts("host-5")).isNotEmpty().doesNotContain("sanctioned");

            // Rotated: the key id comes back with a different key; approvals by the old key stay void.
            Files.writeString(keys.resolve("sre-lead.pub"), ExperimentKeys.publicPem(ExperimentKeys.generate().getPublic()));
            clock.addAndGet(1_000);
            d.killStorm("host-6", T0 + 35 * MIN);
            assertThat(d.verdicts("host-6")).isNotEmpty().doesNotContain("sanctioned");
        }
    }

    /** The same in wall-clock time, as {@code slowburn run} watches the directory: a removal takes effect within seconds. */
    @Test
    void shouldPickUpAKeyRemovalByItselfWithinTheRecheckInterval() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys-live"));
        Files.writeString(keys.resolve("sre-lead.pub"), ExperimentKeys.publicPem(SRE_LEAD.getPublic()));
        TrustedKeySource source = TrustedKeySource.watching(keys, 200, System::currentTimeMillis);
        try (Detector d = new Detector(source)) {
            d.line(sign(experiment("exp-42", "\"host-4\",\"host-5\"", T0), SRE_LEAD, "sre-lead"));
            d.killStorm("host-4", T0 + 15 * MIN);
            assertThat(d.verdicts("host-4")).containsExactly("sanctioned");
            Files.delete(keys.resolve("sre-lead.pub"));
            Thread.sleep(400);
            d.killStorm("host-5", T0 + 25 * MIN);
            assertThat(d.verdicts("host-5")).isNotEmpty().doesNotContain("sanctioned");
        }
    }
}
