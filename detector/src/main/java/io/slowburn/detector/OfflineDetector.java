package io.slowburn.detector;

import io.slowburn.kafka.TopicNames;
import io.slowburn.model.InvalidRecordException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The detector's topology without a broker: records are piped in event-time order through Kafka's
 * TopologyTestDriver, so {@code backtest} (and the logic tests) run exactly the topology that {@code run} deploys.
 * Stream time advances only with the records' own timestamps: the output depends on the input alone.
 */
public final class OfflineDetector implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final LineRouting routing = new LineRouting();
    private final TestInputTopic<String, byte[]> metrics;
    private final TestInputTopic<String, byte[]> events;
    private final TestInputTopic<String, byte[]> experiments;
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> audit;
    private final TestOutputTopic<String, byte[]> control;
    private final TestOutputTopic<String, byte[]> dlq;
    private final Path stateDir;

    public OfflineDetector(DetectorConfig config, DetectorSetup setup, DetectorMetrics detectorMetrics) {
        try {
            this.stateDir = Files.createTempDirectory("slowburn-offline-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // Offline, one task reads every input partition: the watermark waits for that one.
        // TopologyTestDriver commits after every record, so a record cache would only add work.
        config = config.with(Map.of(DetectorConfig.INTAKE_PARTITIONS, 1, DetectorConfig.STATE_CACHE_MAX_BYTES, 0));
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "slowburn-offline");
        // Records arrive one at a time in file order: never wait for the task's other (empty) input partitions.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        this.driver = new TopologyTestDriver(DetectorTopology.build(config, setup, detectorMetrics), props);
        TopicNames t = config.topics();
        StringSerializer ks = new StringSerializer();
        ByteArraySerializer vs = new ByteArraySerializer();
        this.metrics = driver.createInputTopic(t.metrics(), ks, vs);
        this.events = driver.createInputTopic(t.events(), ks, vs);
        this.experiments = driver.createInputTopic(t.experiments(), ks, vs);
        StringDeserializer kd = new StringDeserializer();
        ByteArrayDeserializer vd = new ByteArrayDeserializer();
        this.alerts = driver.createOutputTopic(t.alerts(), kd, vd);
        this.audit = driver.createOutputTopic(t.audit(), kd, vd);
        this.control = driver.createOutputTopic(t.control(), kd, vd);
        this.dlq = driver.createOutputTopic(t.dlq(), kd, vd);
    }

    public void pipeMetric(String key, byte[] value, long ts) {
        metrics.pipeInput(key, value, ts);
    }

    public void pipeEvent(String key, byte[] value, long ts) {
        events.pipeInput(key, value, ts);
    }

    public void pipeExperiment(String key, byte[] value, long ts) {
        experiments.pipeInput(key, value, ts);
    }

    /**
     * Pipes one JSON Lines record to the topic its {@code stream} field names, keyed as ingest adapters key it.
     * A record that is malformed past that point still goes in, so it lands on the dead-letter topic as it would
     * on a broker.
     *
     * @throws InvalidRecordException when the line is not a JSON object or names no stream
     */
    public void pipeLine(String line) throws InvalidRecordException {
        LineRouting.Routed r = routing.route(line);
        switch (r.stream()) {
            case METRIC -> pipeMetric(r.key(), r.value(), r.timestamp());
            case EVENT -> pipeEvent(r.key(), r.value(), r.timestamp());
            case EXPERIMENT -> pipeExperiment(r.key(), r.value(), r.timestamp());
            default -> throw new IllegalStateException("unknown stream " + r.stream());
        }
    }

    public List<KeyValue<String, byte[]>> drainAlerts() {
        return alerts.readKeyValuesToList();
    }

    public List<KeyValue<String, byte[]>> drainAudit() {
        return audit.readKeyValuesToList();
    }

    public List<KeyValue<String, byte[]>> drainControl() {
        return control.readKeyValuesToList();
    }

    public List<KeyValue<String, byte[]>> drainDlq() {
        return dlq.readKeyValuesToList();
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            io.slowburn.broker.Directories.deleteRecursively(stateDir);
        }
    }
}
