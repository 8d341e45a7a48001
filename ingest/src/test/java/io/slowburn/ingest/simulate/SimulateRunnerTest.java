package io.slowburn.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateRunnerTest {

    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void writesJsonLinesToAFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fork.jsonl");
        int code = new SimulateRunner(SimulateOptions.toFile("fork-bomb", out), quiet).run();
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSizeGreaterThan(10_000).allMatch(l -> l.startsWith("{\"stream\":\""));
        assertThat(lines).anyMatch(l -> l.contains("/tmp/.x/kworkerd"));
    }

    @Test
    void aBadScenarioFileIsBadInputNamingFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "hosts: [a]\nstep: 0.5s\n");
        SimulateRunner runner = new SimulateRunner(SimulateOptions.toFile(bad.toString(), dir.resolve("o.jsonl")), quiet);
        assertThatThrownBy(runner::run).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(bad + ":2:7: ");
        assertThatThrownBy(() -> new SimulateRunner(SimulateOptions.toKafka("demo", "fast", "k:9092"), quiet).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--speed");
        assertThatThrownBy(() -> new SimulateRunner(SimulateOptions.toKafka("demo", "max", null), quiet).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers or --output");
    }

    @Test
    void publishesToKafkaPacedByTheInjectedClock(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s.yaml"), """
                duration: 1h
                step: 60s
                hosts: [a]
                experiments:
                  - {id: e, scope: [a], faults: [process.kill], start: +10m, end: +20m}
                """);
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        long[] now = {0};
        List<Long> sleeps = new ArrayList<>();
        SimulateOptions o = new SimulateOptions(dir.resolve("s.yaml").toString(), "600", null, "unused:9092", "t.", Map.of());
        int code = new SimulateRunner(o, quiet, opts -> new KafkaScenarioSink(producer, opts.topicPrefix()), () -> now[0], ms -> {
            sleeps.add(ms);
            now[0] += ms * 1_000_000L;
        }).run();
        assertThat(code).isZero();
        // one event-hour at 600 event-seconds per second: six wall-seconds of sleeping, and no real sleep at all
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum()).isBetween(5_800L, 6_000L);
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).contains("t.metrics", "t.events", "t.experiments");
        ProducerRecord<String, byte[]> exp = sent.stream().filter(r -> r.topic().equals("t.experiments")).findFirst().orElseThrow();
        assertThat(exp.key()).isEqualTo("e");
        assertThat(new String(exp.value(), StandardCharsets.UTF_8)).startsWith("{\"id\":\"e\"").contains("\"approvals\"");
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).timestamp()).isGreaterThanOrEqualTo(sent.get(i - 1).timestamp());
        }
    }

    @Test
    void speedZeroOrMaxNeverSleeps() throws Exception {
        Pacer p = new Pacer(Pacer.parseSpeed("max"), () -> 0L, ms -> {
            throw new AssertionError("slept");
        });
        p.await(0);
        p.await(3_600_000L);
        assertThat(Pacer.parseSpeed("0")).isZero();
        assertThat(Pacer.parseSpeed("86400")).isEqualTo(86_400.0);
    }

    @Test
    void thePacerOnlySleepsWhatTheWallClockHasNotAlreadySpent() throws Exception {
        long[] now = {0};
        List<Long> sleeps = new ArrayList<>();
        Pacer p = new Pacer(60, () -> now[0], sleeps::add);
        p.await(1_000_000L);            // first record: starts the clock
        now[0] = 500_000_000L;          // half a wall second passes while sending
        p.await(1_000_000L + 60_000L);  // one event minute later is due one wall second after the start
        assertThat(sleeps).containsExactly(500L);
    }
}
