package io.slowburn.bench;

import io.slowburn.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How long a Kafka Streams instance takes to rebuild a RocksDB store from its changelog when it has no local state
 * (a new pod, a lost volume, an unclean stop): the input of the README's sizing guide. Run by hand, not in the build:
 * <pre>bash src/restore-bench.sh [MB of changelog, default 512] [partitions, default 4]</pre>
 * On an embedded broker it writes a compacted changelog of unique keys with values of the detector's state size
 * (about 1 KB per series and rule: see the README's AnalysisBench figures), then starts a Kafka Streams app whose
 * RocksDB key-value store that changelog backs, on an empty state directory, and times the restore (from start to
 * RUNNING, and the restore listener's own span), the records and bytes restored, and the store's size on disk.
 */
public final class RestoreBench {

    private static final String APP = "restore-bench";
    private static final String STORE = "series-state";
    private static final String CHANGELOG = APP + "-" + STORE + "-changelog";
    private static final int KEY_BYTES = 64;
    private static final int VALUE_BYTES = 1_000;

    private RestoreBench() {
    }

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 512;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long records = megabytes * 1024 * 1024 / (KEY_BYTES + VALUE_BYTES);
        Path stateDir = Files.createTempDirectory("restore-bench-state");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("restore-bench-input", partitions, (short) 1),
                        new NewTopic(CHANGELOG, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
            }
            long t0 = System.nanoTime();
            fill(bootstrap, records);
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "changelog: %,d records, %,d MB (key %d + value %d bytes), %d partitions, written in %.1f s%n",
                    records, megabytes, KEY_BYTES, VALUE_BYTES, partitions, fillSeconds);

            AtomicLong restored = new AtomicLong();
            AtomicLong restoreStart = new AtomicLong();
            AtomicLong restoreEnd = new AtomicLong();
            CountDownLatch running = new CountDownLatch(1);
            StreamsBuilder builder = new StreamsBuilder();
            builder.table("restore-bench-input", Consumed.with(Serdes.Bytes(), Serdes.ByteArray()),
                    Materialized.as(STORE));
            try (KafkaStreams streams = new KafkaStreams(builder.build(), streamsProps(bootstrap, stateDir))) {
                streams.setGlobalStateRestoreListener(new StateRestoreListener() {
                    @Override
                    public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
                        restoreStart.compareAndSet(0, System.nanoTime());
                    }

                    @Override
                    public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long n) {
                        restored.addAndGet(n);
                    }

                    @Override
                    public void onRestoreEnd(TopicPartition tp, String store, long total) {
                        restoreEnd.set(System.nanoTime());
                    }
                });
                streams.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING) {
                        running.countDown();
                    }
                });
                long start = System.nanoTime();
                streams.start();
                if (!running.await(30, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("not RUNNING after 30 minutes");
                }
                double toRunning = (System.nanoTime() - start) / 1e9;
                double restoring = (restoreEnd.get() - restoreStart.get()) / 1e9;
                double gb = restored.get() * (double) (KEY_BYTES + VALUE_BYTES) / (1024.0 * 1024 * 1024);
                System.out.printf(Locale.ROOT, "restored %,d records (%.2f GB) in %.1f s (start to RUNNING %.1f s): %.0f s per GB, "
                                + "%,.0f records/s%n", restored.get(), gb, restoring, toRunning, restoring / gb,
                        restored.get() / restoring);
                System.out.printf(Locale.ROOT, "RocksDB on disk after restore: %,d MB%n", size(stateDir) / (1024 * 1024));
            }
        } finally {
            delete(stateDir);
        }
    }

    private static void fill(String bootstrap, long records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] key = String.format(Locale.ROOT, "host-%05d|series-%06d|rule-%02d", i % 5_000, i, i % 14)
                        .getBytes(StandardCharsets.UTF_8);
                byte[] fullKey = Arrays.copyOf(key, KEY_BYTES);
                // Rule state is mostly numbers: random bytes do not compress, which is the pessimistic case.
                byte[] value = new byte[VALUE_BYTES];
                random.nextBytes(value);
                producer.send(new ProducerRecord<>(CHANGELOG, fullKey, value));
            }
            producer.flush();
        }
    }

    private static Properties streamsProps(String bootstrap, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // the detector's guarantee: the restore consumer then reads read_committed
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
