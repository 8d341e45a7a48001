package io.slowburn.bench;

import io.slowburn.broker.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The JVM whose telemetry {@code src/capture-jvm.sh} records for {@code RealJvmReplayTest}: a real Kafka broker (the
 * embedded KRaft one) serving a steady load in the same process, a producer and a consumer, and the consumer keeping
 * what it reads in a session cache for 20 to 60 seconds. Sessions outlive young collections, so G1 promotes them and
 * the old generation fills with dead sessions until a concurrent cycle and mixed collections reclaim them: the heap
 * after each collection creeps up for minutes and then drops, as in a healthy server, which is what a heap floor rule
 * must not take for a leak. With a leak, from a given minute on the process also keeps a fixed number of bytes a second
 * forever, as a leaking cache or listener list does.
 *
 * <p>Two session profiles: {@code short}, above (200,000 users, sessions of 20-60 s holding a user's last 8 records),
 * and {@code long}: 1,000,000 users whose sessions hold a 256-byte summary of their last record for half an hour.
 * A user comes back about every 500 s, so the cache fills for the first minutes and then holds about a million
 * sessions, and every summary it replaces has outlived the young collections: the old generation fills with them
 * until G1 starts a concurrent cycle, for many minutes on a large heap.
 *
 * <p>Usage: {@code JvmWorkload MINUTES short|long [LEAK_FROM_MINUTE LEAK_BYTES_PER_SECOND]}. Run it with slowburn's
 * agent ({@code -javaagent:slowburn-agent.jar=output=FILE,interval=1s}) to record its telemetry.
 */
public final class JvmWorkload {

    private static final String TOPIC = "load";
    private static final int RECORDS_PER_SECOND = 2_000;
    private static final AtomicLong CONSUMED = new AtomicLong();

    /** How the consumer keeps sessions: how many users, how long a session lives, what it holds of each record. */
    record Profile(int users, int minTtlSeconds, int maxTtlSeconds, int recordsKept, int bytesKept) {

        static Profile named(String name) {
            return switch (name) {
                case "short" -> new Profile(200_000, 20, 60, 8, Integer.MAX_VALUE);
                case "long" -> new Profile(1_000_000, 1_800, 1_800, 1, 256);
                default -> throw new IllegalArgumentException("profile must be short or long, got " + name);
            };
        }
    }

    private JvmWorkload() {
    }

    public static void main(String[] args) throws Exception {
        long minutes = Long.parseLong(args[0]);
        Profile profile = Profile.named(args[1]);
        long leakFromMinute = args.length > 2 ? Long.parseLong(args[2]) : -1;
        int leakBytesPerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.MINUTES.toNanos(minutes);
        AtomicBoolean running = new AtomicBoolean(true);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
            }
            Thread producer = new Thread(() -> produce(broker.bootstrapServers(), profile, running), "workload-producer");
            Thread consumer = new Thread(() -> consume(broker.bootstrapServers(), profile, running), "workload-consumer");
            producer.start();
            consumer.start();
            List<byte[]> leaked = new ArrayList<>();
            while (System.nanoTime() < end) {
                Thread.sleep(100);
                boolean leaking = leakFromMinute >= 0
                        && System.nanoTime() - start >= TimeUnit.MINUTES.toNanos(leakFromMinute);
                if (leaking && leakBytesPerSecond > 0) {
                    leaked.add(new byte[leakBytesPerSecond / 10]);
                }
            }
            running.set(false);
            producer.join();
            consumer.join();
            System.out.println("consumed " + CONSUMED.get() + " records, leaked " + leaked.size() + " arrays");
        }
    }

    /** About {@link #RECORDS_PER_SECOND} records of 200-1,000 random bytes a second, each keyed by one of the users. */
    private static void produce(String bootstrap, Profile profile, AtomicBoolean running) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            SplittableRandom random = new SplittableRandom(1);
            long next = System.nanoTime();
            while (running.get()) {
                for (int i = 0; i < RECORDS_PER_SECOND / 100; i++) {
                    byte[] value = new byte[200 + random.nextInt(800)];
                    random.nextBytes(value);
                    byte[] key = ("user-" + random.nextInt(profile.users())).getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(TOPIC, key, value));
                }
                next += TimeUnit.MILLISECONDS.toNanos(10);
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the load and keeps each user's latest records as a session that expires some time after it was touched. */
    private static void consume(String bootstrap, Profile profile, AtomicBoolean running) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "workload");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Session> sessions = new HashMap<>();
        // Each touch queues the time it expires at, fixed then: a session touched again later is dropped at the expiry
        // of its last touch (the queue's head must not move when its session is touched again, or nothing behind it expires).
        ArrayDeque<Expiry> expiry = new ArrayDeque<>();
        SplittableRandom random = new SplittableRandom(2);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (running.get()) {
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    CONSUMED.incrementAndGet();
                    String user = new String(record.key(), StandardCharsets.UTF_8);
                    Session session = sessions.computeIfAbsent(user, Session::new);
                    byte[] value = record.value();
                    byte[] kept = Arrays.copyOf(value, Math.min(value.length, profile.bytesKept()));
                    int ttl = profile.minTtlSeconds() + random.nextInt(profile.maxTtlSeconds() - profile.minTtlSeconds() + 1);
                    long expiresAt = now + TimeUnit.SECONDS.toNanos(ttl);
                    session.touch(kept, profile.recordsKept(), expiresAt);
                    expiry.add(new Expiry(session, expiresAt));
                }
                while (!expiry.isEmpty() && expiry.peek().at() <= now) {
                    Session s = expiry.poll().session();
                    if (s.expiresAt <= now) {
                        sessions.remove(s.user, s);
                    }
                }
            }
        }
    }

    /** A touch's expiry: when {@code session} expires unless touched again. */
    private record Expiry(Session session, long at) {
    }

    /** A user's recent records, as a web session or a per-client buffer holds them. */
    private static final class Session {
        final String user;
        final ArrayDeque<byte[]> recent = new ArrayDeque<>();
        long expiresAt;

        Session(String user) {
            this.user = user;
        }

        void touch(byte[] value, int kept, long expiresAt) {
            recent.add(value);
            if (recent.size() > kept) {
                recent.poll();
            }
            this.expiresAt = expiresAt;
        }
    }
}
