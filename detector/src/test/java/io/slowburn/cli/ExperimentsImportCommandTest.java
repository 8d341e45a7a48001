package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiments import} on the command line: each tool's real example imports, signs and verifies; the signature
 * covers the unmapped list; and an imported declaration sanctions its effect in a backtest, not the same effect elsewhere.
 */
class ExperimentsImportCommandTest {

    static final Path FIXTURES = Path.of("../rules/src/test/resources/io/slowburn/experiments/imports");
    static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    static final long T_MS = T.toEpochMilli();
    static final long MIN = 60_000;
    static final ObjectMapper JSON = new ObjectMapper();

    /** keys/sre-lead.key and trusted/sre-lead.pub. */
    static Path keys(Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Cli keygen = new Cli();
        assertThat(keygen.run("experiments", "keygen", "--key-id", "sre-lead", "--dir", keys.toString())).as(keygen.toString()).isZero();
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(keys.resolve("sre-lead.pub"), trusted.resolve("sre-lead.pub"));
        return keys.resolve("sre-lead.key");
    }

    static Path signed(Path dir, Path key, Path in) {
        Path out = dir.resolve(in.getFileName() + ".signed.json");
        Cli sign = new Cli();
        assertThat(sign.run("experiments", "sign", "--key", key.toString(), "--in", in.toString(), "--out", out.toString()))
                .as(sign.toString()).isZero();
        return out;
    }

    static int verify(Path dir, Path in) {
        Cli verify = new Cli();
        return verify.run("experiments", "verify", "--trusted-keys", dir.resolve("trusted").toString(), "--in", in.toString());
    }

    @Test
    void eachToolsExampleImportsSignsAndVerifies(@TempDir Path dir) throws Exception {
        Path key = keys(dir);
        List<String[]> imports = List.of(
                new String[] {"chaos-mesh", "chaos-mesh/cause-pod-oom.yaml", "--start", T.toString()},
                new String[] {"litmus", "litmus/pod-delete-force.yaml", "--start", Long.toString(T_MS)},
                new String[] {"chaostoolkit", "chaostoolkit/complex-experiment-journal.json", "--allow-unmapped"});
        for (String[] i : imports) {
            Path out = dir.resolve(i[0] + ".json");
            List<String> args = new ArrayList<>(List.of("experiments", "import", "--from", i[0], FIXTURES.resolve(i[1]).toString(),
                    "--output", out.toString()));
            args.addAll(List.of(i).subList(2, i.length));
            Cli cli = new Cli();
            assertThat(cli.run(args.toArray(String[]::new))).as(cli.toString()).isZero();
            assertThat(cli.err()).contains("warning: unmapped ").contains("unsigned: sign it with 'slowburn experiments sign'");
            JsonNode d = JSON.readTree(out.toFile());
            assertThat(d.path("approvals").isMissingNode()).isTrue();
            assertThat(d.path("imported_from").path("tool").asText()).isEqualTo(i[0]);
            assertThat(d.path("unmapped").size()).as(i[1]).isPositive();
            assertThat(verify(dir, out)).as("unsigned %s", i[1]).isEqualTo(1);

            Path signed = signed(dir, key, out);
            assertThat(verify(dir, signed)).as("signed %s", i[1]).isZero();

            // what was left out is signed too: a reviewer's "unmapped" list cannot be trimmed afterwards
            ObjectNode trimmed = (ObjectNode) JSON.readTree(signed.toFile());
            trimmed.withArray("unmapped").remove(0);
            Path altered = dir.resolve(i[0] + ".trimmed.json");
            Files.writeString(altered, JSON.writeValueAsString(trimmed), StandardCharsets.UTF_8);
            assertThat(verify(dir, altered)).as("trimmed %s", i[1]).isEqualTo(1);
        }
    }

    @Test
    void aFaultWithNoSlowburnEquivalentIsBadInputNamingTheFileAndField(@TempDir Path dir) {
        Cli cli = new Cli();
        assertThat(cli.run("experiments", "import", "--from", "chaos-mesh", FIXTURES.resolve("chaos-mesh/time-chaos-example.yaml")
                .toString(), "--start", T.toString(), "--output", dir.resolve("o.json").toString())).as(cli.toString()).isEqualTo(2);
        assertThat(cli.err()).contains("time-chaos-example.yaml").contains("spec.timeOffset").contains("--allow-unmapped");
        assertThat(dir.resolve("o.json")).doesNotExist();

        Cli tool = new Cli();
        assertThat(tool.run("experiments", "import", "--from", "gremlin", FIXTURES.resolve("chaos-mesh/pod-kill-example.yaml")
                .toString())).isEqualTo(2);
        assertThat(tool.err()).contains("--from must be chaos-mesh, litmus or chaostoolkit");

        Cli start = new Cli();
        assertThat(start.run("experiments", "import", "--from", "chaos-mesh", FIXTURES.resolve("chaos-mesh/pod-kill-example.yaml")
                .toString())).isEqualTo(2);
        assertThat(start.err()).contains("give --start");
    }

    @Test
    void anImportedStressChaosSanctionsAMemoryFillInItsScopeAndWindowAndNothingElse(@TempDir Path dir) throws Exception {
        Path key = keys(dir);
        Path declaration = dir.resolve("oom.json");
        Cli imp = new Cli();
        assertThat(imp.run("experiments", "import", "--from", "chaos-mesh", FIXTURES.resolve("chaos-mesh/cause-pod-oom.yaml").toString(),
                "--start", T.toString(), "--output", declaration.toString())).as(imp.toString()).isZero();
        ObjectNode exp = (ObjectNode) JSON.readTree(signed(dir, key, declaration).toFile());
        exp.put("stream", "experiment"); // not signed (transport tag); a 'ts' added now would break the signature
        String id = exp.path("id").asText();

        // three hours of quiet history, then at T+1m memory fills to 95% on the pod the selector names (in scope, in the
        // window), on a pod of another component (out of scope, in the window), and on the same component three hours
        // later (in scope, long after the window and its grace)
        Map<String, String> tikv = Map.of("app.kubernetes.io/component", "tikv");
        Map<String, String> pd = Map.of("app.kubernetes.io/component", "pd");
        List<String> lines = new ArrayList<>();
        lines.add(JSON.writeValueAsString(exp));
        for (long ts = T_MS - 180 * MIN; ts <= T_MS + 6 * 60 * MIN; ts += 30_000) {
            lines.add(memory(ts, "tikv-0", tikv, ts >= T_MS + MIN ? 0.95 : 0.40));
            lines.add(memory(ts, "pd-0", pd, ts >= T_MS + MIN ? 0.95 : 0.40));
            lines.add(memory(ts, "tikv-1", tikv, ts >= T_MS + 4 * 60 * MIN ? 0.95 : 0.40));
        }
        Path input = dir.resolve("telemetry.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path alerts = dir.resolve("alerts.jsonl");
        Cli backtest = new Cli();
        assertThat(backtest.run("backtest", "--input", input.toString(), "--output", alerts.toString(), "--trusted-keys",
                dir.resolve("trusted").toString())).as(backtest.toString()).isZero();

        List<JsonNode> firing = new ArrayList<>();
        for (String line : Files.readAllLines(alerts)) {
            JsonNode a = JSON.readTree(line);
            if (a.path("status").asText().equals("firing") && a.path("signal").asText().equals("memory_drift")) {
                firing.add(a);
            }
        }
        assertThat(firing).extracting(a -> a.path("source").asText()).containsExactlyInAnyOrder("tikv-0", "pd-0", "tikv-1");
        for (JsonNode a : firing) {
            switch (a.path("source").asText()) {
                case "tikv-0" -> {
                    assertThat(a.path("verdict").asText()).as(a.toString()).isEqualTo("sanctioned");
                    assertThat(a.path("experiment").asText()).isEqualTo(id);
                }
                case "pd-0" -> assertThat(a.path("verdict").asText()).as(a.toString()).isEqualTo("breach");
                default -> assertThat(a.path("verdict").asText()).as(a.toString()).isEqualTo("suspicious");
            }
        }
    }

    @Test
    void aLabelScopedKillSanctionsNoCrashLoopForEventsCarryNoLabelsWhileNamedSourcesDo(@TempDir Path dir) throws Exception {
        Path key = keys(dir);
        Path byLabels = dir.resolve("by-labels.json");
        Path bySources = dir.resolve("by-sources.json");
        String fixture = FIXTURES.resolve("chaos-mesh/pod-kill-example.yaml").toString();
        assertThat(new Cli().run("experiments", "import", "--from", "chaos-mesh", fixture, "--start", T.toString(),
                "--output", byLabels.toString())).isZero();
        assertThat(new Cli().run("experiments", "import", "--from", "chaos-mesh", fixture, "--start", T.toString(),
                "--id", "kill-tikv", "--sources", "tikv-*", "--no-selector-labels", "--output", bySources.toString())).isZero();

        for (Path declaration : List.of(byLabels, bySources)) {
            ObjectNode exp = (ObjectNode) JSON.readTree(signed(dir, key, declaration).toFile());
            exp.put("stream", "experiment");
            List<String> lines = new ArrayList<>();
            lines.add(JSON.writeValueAsString(exp));
            for (int k = 0; k < 4; k++) { // four kills of tikv-0, a minute apart, from T+20s: a crash loop
                lines.add("{\"stream\":\"event\",\"ts\":" + (T_MS + 20_000 + k * MIN) + ",\"source\":\"tikv-0\","
                        + "\"event\":\"process.exit\",\"attrs\":{\"pid\":" + (100 + k) + ",\"signal\":\"SIGKILL\",\"exit_code\":137}}");
            }
            Path input = dir.resolve("kills.jsonl");
            Files.write(input, lines, StandardCharsets.UTF_8);
            Path alerts = dir.resolve("kill-alerts.jsonl");
            Cli backtest = new Cli();
            assertThat(backtest.run("backtest", "--input", input.toString(), "--output", alerts.toString(), "--trusted-keys",
                    dir.resolve("trusted").toString())).as(backtest.toString()).isZero();
            JsonNode loop = Files.readAllLines(alerts).stream().map(ExperimentsImportCommandTest::tree)
                    .filter(a -> a.path("signal").asText().equals("crash_loop")).findFirst().orElseThrow();
            assertThat(loop.path("source").asText()).isEqualTo("tikv-0");
            assertThat(loop.path("verdict").asText()).as(declaration.getFileName().toString())
                    .isEqualTo(declaration == byLabels ? "suspicious" : "sanctioned");
        }
    }

    static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String memory(long ts, String source, Map<String, String> labels, double share) throws Exception {
        ObjectNode m = JSON.createObjectNode();
        m.put("stream", "metric");
        m.put("ts", ts);
        m.put("source", source);
        m.put("metric", "os.memory.used");
        m.set("labels", JSON.valueToTree(labels));
        m.put("value", share * 16e9);
        m.put("limit", 16e9);
        m.put("unit", "bytes");
        return JSON.writeValueAsString(m);
    }
}
