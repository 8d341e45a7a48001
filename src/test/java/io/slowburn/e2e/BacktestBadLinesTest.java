package io.slowburn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.backtest.Backtest;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.TrustedKeySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, findings 4 and 5: a backtest over a file that mixes the fleet scenario's good lines with every kind of line
 * the detector cannot use raises what the good lines alone raise, and writes one dead letter per bad line, with the
 * file, its line number, the reason and its original bytes. Before, one invalid UTF-8 byte ended the run
 * ({@code MalformedInputException}, nothing after it processed), and the other bad lines were counted but never reached
 * {@code --dlq}; a bare CR split one record into two.
 */
class BacktestBadLinesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static List<String> good;
    static Path keys;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void scenario() throws Exception {
        TrustedApprover approver = TrustedApprover.create(shared.resolve("keys"));
        keys = approver.trustedKeys();
        good = approver.scenario(300);
    }

    /** Each bad kind: its bytes, and a fragment of the reason its dead letter must give. */
    static Map<String, byte[]> badLines() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        byte[] invalidUtf8 = Fixtures.metric(Fixtures.T0 + 5 * Fixtures.MIN, "host-4", "os.fd.open", 10, 1024)
                .getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 3] = (byte) 0xC3; // a lead byte with no continuation: "...:1024.\xC3}"
        bad.put("not valid UTF-8: byte 0xC3 at offset 103", invalidUtf8);
        bad.put("invalid JSON", "{\"stream\":\"metric\",\"ts\":1772409600000,\"source\":\"host-4\"".getBytes(StandardCharsets.UTF_8));
        bad.put("missing field 'stream'", ("{\"ts\":1772409600000,\"source\":\"host-4\",\"metric\":\"os.fd.open\",\"value\":1}")
                .getBytes(StandardCharsets.UTF_8));
        bad.put("longer than the limit of 1048576 bytes", ("{\"stream\":\"metric\",\"pad\":\"" + "x".repeat(3 << 20) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        bad.put("exceeds the limit of 65536", ("{\"stream\":\"metric\",\"pad\":\"" + "y".repeat(200_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        bad.put("nesting depth", ("{\"stream\":\"metric\",\"a\":" + "[".repeat(1_000) + "]".repeat(1_000) + "}")
                .getBytes(StandardCharsets.UTF_8));
        bad.put("Illegal unquoted character ((CTRL-CHAR, code 0))", "{\"stream\":\"metric\",\"source\":\"a\u0000b\"}"
                .getBytes(StandardCharsets.UTF_8));
        bad.put("not a JSON object", "[{\"stream\":\"metric\"}]".getBytes(StandardCharsets.UTF_8));
        // A bare CR is not a line end: the two halves stay one line, which JSON refuses (a raw CR inside a string).
        bad.put("Illegal unquoted character ((CTRL-CHAR, code 13))", "{\"stream\":\"metric\",\"source\":\"host-4\r\"}"
                .getBytes(StandardCharsets.UTF_8));
        return bad;
    }

    @Test
    void shouldRaiseWhatTheGoodLinesRaiseAndDeadLetterEachBadLineWithItsFileLineAndReason() throws Exception {
        Path clean = dir.resolve("clean.jsonl");
        Files.write(clean, good, StandardCharsets.UTF_8);
        Run expected = backtest(clean);
        assertThat(expected.alerts).isNotEmpty();
        assertThat(expected.summary.deadLetters()).isZero();

        // Bad lines spread through the file, each after a good one; CRLF line ends on the good lines around them.
        Path mixed = dir.resolve("mixed.jsonl");
        Map<String, byte[]> bad = badLines();
        Map<Long, String> expectedReasons = new LinkedHashMap<>();
        Map<Long, byte[]> expectedBytes = new LinkedHashMap<>();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int stride = good.size() / (bad.size() + 1);
        var kinds = new ArrayList<>(bad.entrySet());
        long lineNo = 0;
        for (int i = 0; i < good.size(); i++) {
            file.write(good.get(i).getBytes(StandardCharsets.UTF_8));
            file.write(i % 2 == 0 ? "\r\n".getBytes(StandardCharsets.US_ASCII) : "\n".getBytes(StandardCharsets.US_ASCII));
            lineNo++;
            int k = i / stride;
            if (i % stride == 0 && k < kinds.size()) {
                file.write(kinds.get(k).getValue());
                file.write('\n');
                lineNo++;
                expectedReasons.put(lineNo, kinds.get(k).getKey());
                expectedBytes.put(lineNo, kinds.get(k).getValue());
            }
        }
        Files.write(mixed, file.toByteArray());

        Run run = backtest(mixed);

        assertThat(run.alerts).as("the same alerts, byte for byte").containsExactlyElementsOf(expected.alerts);
        assertThat(run.summary.lines()).isEqualTo(lineNo);
        assertThat(run.summary.rejectedLines()).isEqualTo(bad.size());
        assertThat(run.summary.deadLetters()).isEqualTo(bad.size());
        assertThat(run.dlq).hasSize(bad.size());
        for (JsonNode letter : run.dlq) {
            long line = letter.get("line").asLong();
            assertThat(expectedReasons).as("a dead letter for a bad line: %s", letter.get("reason")).containsKey(line);
            assertThat(letter.get("file").asText()).isEqualTo(mixed.toString());
            assertThat(letter.get("reason").asText()).contains(expectedReasons.get(line));
            assertThat(letter.get("topic").isNull()).isTrue();
            assertThat(letter.has("partition") && letter.has("offset") && letter.has("key")).isTrue();
            byte[] original = expectedBytes.get(line);
            byte[] kept = letter.has("value_base64") ? Base64.getDecoder().decode(letter.get("value_base64").asText())
                    : letter.get("value").asText().getBytes(StandardCharsets.UTF_8);
            if (letter.path("truncated").asBoolean()) {
                assertThat(letter.get("line_bytes").asLong()).isEqualTo(original.length);
                assertThat(kept).hasSize(65_536).isEqualTo(java.util.Arrays.copyOf(original, 65_536));
            } else {
                assertThat(kept).as("the original bytes of line %d", line).isEqualTo(original);
            }
        }
        assertThat(run.dlq.stream().filter(l -> l.has("value_base64")).count()).as("only the invalid UTF-8 line in base64")
                .isEqualTo(1);
        run.dlq.forEach(l -> System.out.println("line " + l.get("line") + ": " + l.get("reason").asText()));
        assertThat(run.progress).contains(mixed + ":" + expectedReasons.keySet().iterator().next() + ": dead letter: ");
    }

    @Test
    void shouldNameTheFileAndLineOfARecordTheDetectorRejects() throws Exception {
        Path input = dir.resolve("one-bad-value.jsonl");
        List<String> lines = new ArrayList<>(good.subList(0, 10));
        lines.add("{\"stream\":\"metric\",\"ts\":" + (Fixtures.T0 + 1_000) + ",\"source\":\"host-4\",\"metric\":\"os.fd.open\","
                + "\"value\":\"lots\"}");
        Files.write(input, lines, StandardCharsets.UTF_8);

        Run run = backtest(input);

        assertThat(run.dlq).hasSize(1);
        assertThat(run.dlq.get(0).get("line").asLong()).isEqualTo(11);
        assertThat(run.dlq.get(0).get("file").asText()).isEqualTo(input.toString());
        assertThat(run.dlq.get(0).get("topic").asText()).isEqualTo("slowburn.metrics");
        assertThat(run.summary.rejectedLines()).isZero();
        assertThat(run.summary.deadLetters()).isEqualTo(1);
    }

    record Run(Backtest.Summary summary, List<String> alerts, List<JsonNode> dlq, String progress) {
    }

    private Run backtest(Path input) throws IOException {
        DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory",
                DetectorConfig.TRUSTED_KEYS_DIR, keys.toString()));
        Path alerts = dir.resolve(input.getFileName() + ".alerts");
        Path dlq = dir.resolve(input.getFileName() + ".dlq");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Backtest.Summary s;
        try (OfflineDetector d = new OfflineDetector(config, Fixtures.setup(config, TrustedKeySource.loadOnce(keys)),
                DetectorMetrics.detached())) {
            s = new Backtest(d, new PrintStream(progress, true, StandardCharsets.UTF_8)).run(input, alerts, dlq);
        }
        List<JsonNode> letters = new ArrayList<>();
        for (String l : Files.readAllLines(dlq, StandardCharsets.UTF_8)) {
            letters.add(JSON.readTree(l));
        }
        return new Run(s, Files.readAllLines(alerts, StandardCharsets.UTF_8), letters, progress.toString(StandardCharsets.UTF_8));
    }
}
