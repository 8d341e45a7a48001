package io.slowburn.detector.topology;

import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.engine.ExperimentCatalog;
import io.slowburn.engine.IntakeClock;
import io.slowburn.engine.InternalCodec;
import io.slowburn.engine.Route;
import io.slowburn.engine.Routed;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.VerdictDesk;
import io.slowburn.engine.VerdictPolicy;
import io.slowburn.kafka.TopicNames;
import io.slowburn.model.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The detector's Kafka Streams topology: a pure function of its configuration, rules and verdict policy. Its
 * processors are thin adapters over the engine's stages ({@code io.slowburn.engine}), which {@code backtest}
 * ({@link OfflineDetector}) wires directly: both drivers run the same detection code.
 *
 * <pre>
 * metrics ─▶ series-stage [series-state, series-index, counter-last] ─┬─▶ dlq
 *                                                                  └─▶ source-router ─▶ (own source) ─▶ source-stage
 * events ──▶ event-intake ─────────────────────────────────────────────────┘   └─▶ observations-by-source ─┘ [source-state]
 *            (one task: the router keeps a source's observations in it when the repartition would send them back to it;
 *             heartbeats and what a foreign producer placed elsewhere take the repartition topic, read by the same task)
 * series-stage, source-stage ─▶ findings-by-correlation (by signal) ─▶ verdict-stage [incidents, experiment-registry]
 * verdict-stage ─▶ alerts, audit, aborts-by-experiment ─▶ abort-stage [aborts-sent] ─▶ control, audit
 * experiments ─▶ experiment-intake ─▶ dlq | experiments.accepted ─▶ global store experiment-registry
 *                                  └─▶ its audit records ─▶ findings-from-series ─▶ verdict-stage (one audit chain)
 * </pre>
 * Every store, processor and internal topic has a pinned name ({@link StoreNames}).
 */
public final class DetectorTopology {

    /**
     * The correlation key of the verdict stage: every finding transition of the fleet meets in one place, because a
     * blast radius and "one abort per experiment" need the fleet view. Transitions are rare (one per incident start
     * or end), so one partition carries them; the per-sample work scales with the telemetry partitions.
     */
    public static final String FLEET = VerdictDesk.FLEET;

    private static final Serde<String> KEYS = Serdes.String();
    private static final Serde<byte[]> RAW_KEYS = Serdes.ByteArray();
    private static final Serde<byte[]> VALUES = Serdes.ByteArray();

    private DetectorTopology() {
    }

    /** The topology with the given rules, verdict policy and experiments. */
    public static Topology build(DetectorConfig config, DetectorSetup setup, DetectorMetrics metrics) {
        RuleBook rules = setup.rules();
        VerdictPolicy policy = setup.policy();
        ExperimentCatalog catalog = setup.experiments();
        TopicNames topics = config.topics();
        InternalCodec codec = new InternalCodec(new RecordCodec());
        IntakeClock.Registry clocks = new IntakeClock.Registry();
        IntakePartitions intakePartitions = new IntakePartitions(config);
        StreamsBuilder builder = new StreamsBuilder();
        boolean persistent = config.persistentStores();

        // A global store kept by our own processor, as a global table would keep it, so that the series stages learn
        // when it changed (its version) instead of reading it whole for every sample.
        AtomicLong registryVersion = RegistryUpdater.addTo(builder, config.registryTopic(),
                supplier(StoreNames.EXPERIMENT_REGISTRY, persistent));

        // A sample's key is not read (the series stage reads the source from the value), so it stays bytes: decoding it
        // into a string at every record was 4% of the live stream thread (JFR, exactly-once, 72 h bench).
        KStream<String, Routed> seriesOut = builder
                .stream(topics.metrics(), Consumed.with(RAW_KEYS, VALUES).withTimestampExtractor(new EventTimeExtractor())
                        .withName("metrics-source"))
                .process(supplier(() -> new SeriesStageProcessor(rules, codec, metrics, config, catalog, clocks, registryVersion),
                        PreCommitStore.around(uncachedStore(StoreNames.SERIES_STATE, persistent)),
                        PreCommitStore.around(uncachedStore(StoreNames.SERIES_INDEX, persistent)),
                        PreCommitStore.around(uncachedStore(StoreNames.COUNTER_LAST, persistent)),
                        PreCommitStore.around(uncachedStore(StoreNames.INTAKE_CLOCK, persistent))), Named.as("series-stage"));

        KStream<String, Routed> eventsOut = builder
                .stream(topics.events(), Consumed.with(KEYS, VALUES).withTimestampExtractor(new EventTimeExtractor())
                        .withName("events-source"))
                .process(() -> new EventIntakeProcessor(codec, metrics, config, clocks),
                        Named.as("event-intake"), StoreNames.INTAKE_CLOCK);

        KStream<String, Routed> experimentsOut = builder
                .stream(topics.experiments(), Consumed.with(KEYS, VALUES).withName("experiments-source"))
                .process(() -> new ExperimentIntakeProcessor(codec, catalog, metrics, registryVersion), Named.as("experiment-intake"));

        KStream<String, Routed> stageOne = seriesOut.merge(eventsOut, Named.as("stage-one-merge"))
                .merge(experimentsOut, Named.as("intake-merge"));
        Map<String, KStream<String, Routed>> one = stageOne.split(Named.as("route-1-"))
                .branch((k, v) -> v.route() == Route.DLQ, Branched.as("dlq"))
                .branch((k, v) -> v.route() == Route.BY_SOURCE, Branched.as("by-source"))
                .branch((k, v) -> v.route() == Route.REGISTRY, Branched.as("registry"))
                .defaultBranch(Branched.as("findings")); // audit records too: the verdict stage chains them (AuditRelay)
        toDlq(one.get("route-1-dlq"), topics, "dlq-sink-1");
        one.get("route-1-registry").mapValues(v -> v.value().length == 0 ? null : v.value(), Named.as("registry-values"))
                .to(config.registryTopic(), Produced.with(KEYS, VALUES).withName("registry-sink"));

        // The source stage runs in the intake task: what it owns stays in the task, the rest (and every heartbeat) takes
        // the repartition topic, which this same task reads. The merge fuses both ends into one sub-topology.
        KStream<String, byte[]> routed = one.get("route-1-by-source").process(
                () -> new SourceRouter(intakePartitions, "local-source-values", "by-source-values"), Named.as("source-router"));
        KStream<String, byte[]> arrived = routed.mapValues(v -> v, Named.as("by-source-values"))
                .repartition(Repartitioned.<String, byte[]>as(StoreNames.BY_SOURCE).withKeySerde(KEYS).withValueSerde(VALUES)
                        .withStreamPartitioner(new BroadcastTicks()));
        KStream<String, Routed> sourceOut = routed.mapValues(v -> v, Named.as("local-source-values"))
                .merge(arrived, Named.as("source-merge"))
                .process(supplier(() -> new SourceStageProcessor(rules, codec, metrics, config, intakePartitions),
                        PreCommitStore.around(uncachedStore(StoreNames.SOURCE_STATE, persistent)),
                        PreCommitStore.around(uncachedStore(StoreNames.SOURCE_BUFFER, persistent))),
                        Named.as("source-stage"));

        // Two repartition topics (their names pinned since the stages ran in two sub-topologies). Both have one
        // partition: every transition of the fleet meets in one verdict task.
        // Their keys are written as the string serializer wrote them (UTF-8) and read back as bytes: most of what the
        // verdict stage reads is heartbeats, whose keys it need not decode (VerdictProcessor).
        KStream<byte[], byte[]> fromSeries = one.get("route-1-findings")
                .map((k, v) -> KeyValue.pair(utf8(k), v.value()), Named.as("series-findings-values"))
                .repartition(Repartitioned.<byte[], byte[]>as(StoreNames.FINDINGS_FROM_SERIES).withKeySerde(RAW_KEYS)
                        .withValueSerde(VALUES).withNumberOfPartitions(1));
        KStream<byte[], byte[]> fromSources = sourceOut
                .map((k, v) -> KeyValue.pair(utf8(k), v.value()), Named.as("source-findings-values"))
                .repartition(Repartitioned.<byte[], byte[]>as(StoreNames.FINDINGS_FROM_SOURCES).withKeySerde(RAW_KEYS)
                        .withValueSerde(VALUES).withNumberOfPartitions(1));
        KStream<String, Routed> verdictOut = fromSeries.merge(fromSources, Named.as("findings-merge"))
                .process(supplier(() -> new VerdictProcessor(codec, policy, catalog, metrics, config, rules, intakePartitions),
                        store(StoreNames.INCIDENTS, persistent), store(StoreNames.VERDICT_BUFFER, persistent)),
                        Named.as("verdict-stage"));

        Map<String, KStream<String, Routed>> verdicts = verdictOut.split(Named.as("route-2-"))
                .branch((k, v) -> v.route() == Route.ALERT, Branched.as("alerts"))
                .branch((k, v) -> v.route() == Route.CONTROL, Branched.as("control"))
                .defaultBranch(Branched.as("audit"));
        verdicts.get("route-2-alerts").mapValues(Routed::value, Named.as("alert-values"))
                .to(topics.alerts(), Produced.with(KEYS, VALUES).withName("alerts-sink"));
        verdicts.get("route-2-control").mapValues(Routed::value, Named.as("control-values"))
                .to(topics.control(), Produced.with(KEYS, VALUES).withName("control-sink"));
        verdicts.get("route-2-audit").mapValues(Routed::value, Named.as("audit-values"))
                .to(topics.audit(), Produced.with(KEYS, VALUES).withName("audit-sink"));
        return builder.build();
    }

    /** A key's bytes as {@code Serdes.String()} writes them (UTF-8; null stays null). */
    static byte[] utf8(String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    private static void toDlq(KStream<String, Routed> stream, TopicNames topics, String name) {
        stream.mapValues(Routed::value, Named.as(name + "-values"))
                .to(topics.dlq(), Produced.with(KEYS, VALUES).withName(name));
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    /**
     * A key-value store with a record cache: a series updated many times between two commits is read from memory and
     * written to RocksDB and its changelog once per commit, not once per sample.
     */
    private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name, boolean persistent) {
        return Stores.keyValueStoreBuilder(supplier(name, persistent), KEYS, VALUES).withCachingEnabled();
    }

    /**
     * A key-value store without Kafka Streams' record cache, for the stores the engine already keeps in memory between
     * commits and writes once per commit ({@link PreCommitStore}): a record cache in front of them only copied every
     * write into itself and out again in the same commit (JFR, at-least-once: about 7% of the stream thread).
     */
    private static StoreBuilder<KeyValueStore<String, byte[]>> uncachedStore(String name, boolean persistent) {
        return Stores.keyValueStoreBuilder(supplier(name, persistent), KEYS, VALUES).withCachingDisabled();
    }

    /** A processor supplier that declares its own stores (ConnectedStoreProvider). */
    @SafeVarargs
    private static <K> ProcessorSupplier<K, byte[], String, Routed> supplier(
            Supplier<Processor<K, byte[], String, Routed>> factory,
            StoreBuilder<KeyValueStore<String, byte[]>>... stores) {
        Set<StoreBuilder<?>> declared = new HashSet<>();
        for (StoreBuilder<KeyValueStore<String, byte[]>> store : stores) {
            declared.add(store); // element by element: handing the generic array on is what -Xlint:varargs flags
        }
        return new ProcessorSupplier<>() {
            @Override
            public Processor<K, byte[], String, Routed> get() {
                return factory.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return declared;
            }
        };
    }
}
