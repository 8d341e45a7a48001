package io.slowburn.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), in this JVM, from Kafka's
 * own server modules. It listens on 127.0.0.1 only. Internal topics are sized for one node so that exactly-once
 * Kafka Streams works on it. {@link #close()} shuts it down and removes the data directory when it was temporary.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String LISTENER = "PLAINTEXT";
    private static final String CONTROLLER = "CONTROLLER";
    /** The feature that selects the transaction protocol, and its version 1 (see {@link #format}). */
    static final String TRANSACTION_VERSION = "transaction.version";
    static final short TRANSACTIONS_V1 = 1;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean temporary, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.port = port;
    }

    /** Starts a broker on a free port with a temporary data directory. */
    public static EmbeddedKafkaBroker start() {
        return start(0, null);
    }

    /**
     * Starts a broker and waits until it answers a client.
     *
     * @param port the client port, or 0 for a free one
     * @param dataDir where to keep the log, or {@code null} for a temporary directory removed on close; an existing
     *     directory formatted by an earlier run is reused with its data
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        boolean temporary = dataDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("slowburn-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker data directory " + dataDir, e);
        }
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties props = brokerProperties(brokerPort, controllerPort, dir.resolve("log"));
        try {
            format(dir.resolve("log"));
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, temporary, brokerPort);
            broker.awaitReady(Duration.ofSeconds(60));
            LOG.info("Embedded Kafka broker ready on {} (data in {})", broker.bootstrapServers(), dir);
            return broker;
        } catch (RuntimeException e) {
            if (temporary) {
                Directories.deleteRecursively(dir);
            }
            throw e;
        }
    }

    static Properties brokerProperties(int brokerPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", LISTENER + "://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", LISTENER + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", LISTENER);
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic must have replication factor 1 and min ISR 1, or transactions
        // (exactly-once Streams) and consumer groups silently never become ready.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default dedupe buffer puts 128 MB on the heap; compacted topics here are small.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        // Topics are created on purpose, with their configs (slowburn topics create), never by a typo.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its cluster id and data
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    // Transactions v1: the producer adds a partition to its transaction (AddPartitionsToTxn, retried quietly)
                    // before it produces there. Under v2 the broker does it on the first produce, and while the previous
                    // commit's markers are still being written answers CONCURRENT_TRANSACTIONS to that produce and
                    // OUT_OF_ORDER_SEQUENCE_NUMBER to the batches in flight behind it: retried, harmless, but a WARN each on
                    // every demo and embedded run (DemoTest counts them). Exactly-once is the same under both versions.
                    .setFeatureLevel(TRANSACTION_VERSION, TRANSACTIONS_V1)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("broker on " + bootstrapServers() + " not ready after " + timeout, e);
                    }
                }
                sleep(100);
            }
        }
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until the broker has shut down (by {@link #close()} from another thread, e.g. a shutdown hook). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporary) {
                Directories.deleteRecursively(dataDir);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

}
