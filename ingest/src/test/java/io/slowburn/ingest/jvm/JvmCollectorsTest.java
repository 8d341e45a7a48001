package io.slowburn.ingest.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.ingest.IngestRunner;
import io.slowburn.ingest.publish.InMemorySink;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.Observation;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

class JvmCollectorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC);

    private static MetricSample metric(List<? extends Observation> records, String name) {
        return records.stream().filter(o -> o instanceof MetricSample m && m.metric().equals(name)).map(o -> (MetricSample) o)
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + records));
    }

    private static void assertJvmSamples(List<? extends Observation> records, String source) {
        MetricSample heap = metric(records, "jvm.memory.used");
        assertThat(heap.labels()).isEqualTo(Map.of("area", "heap"));
        assertThat(heap.value()).isPositive();
        assertThat(heap.limit()).isEqualTo((double) Runtime.getRuntime().maxMemory());
        assertThat(heap.source()).isEqualTo(source);
        assertThat(heap.ts()).isEqualTo(CLOCK.millis());
        MetricSample gc = metric(records, "jvm.gc.time");
        assertThat(gc.type()).isEqualTo(MetricType.COUNTER);
        assertThat(gc.value()).isGreaterThanOrEqualTo(0.0);
        assertThat(gc.unit()).isEqualTo("seconds");
        assertThat(metric(records, "jvm.threads.live").value()).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void inProcessMicrometerCollectorCountsGcTimeInSeconds() throws Exception {
        try (MicrometerJvmCollector c = new MicrometerJvmCollector("app-1", CLOCK)) {
            assertJvmSamples(c.poll(), "app-1");
            // GC notifications arrive asynchronously after the collection, and a collection of a small heap can last
            // under the notification's 1 ms resolution: collect until one has taken measurable time.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            double gcSeconds = 0;
            while (gcSeconds == 0 && System.nanoTime() < deadline) {
                byte[][] garbage = new byte[256][];
                for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = new byte[64 * 1024];
                }
                System.gc();
                Thread.sleep(50);
                gcSeconds = c.gcTimers() == 0 ? 0 : metric(c.poll(), "jvm.gc.time").value();
            }
            assertThat(c.gcTimers()).isPositive();
            assertThat(gcSeconds).isPositive().isLessThan(60.0);
        }
    }

    @Test
    void remoteJmxReadsThePlatformMxBeans() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Registry registry = LocateRegistry.createRegistry(port);
        String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(url), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        try (JmxCollector c = new JmxCollector(JmxOptions.of(url, "remote-1"), CLOCK)) {
            List<Observation> records = c.poll();
            assertJvmSamples(records, "remote-1");
            double expectedGc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum() / 1000.0;
            assertThat(metric(records, "jvm.gc.time").value()).isLessThanOrEqualTo(expectedGc + 1.0);
            assertThat(c.capabilities()).isEmpty();
            // The remote JVM goes away: the poll returns nothing and says so once; it comes back: samples again.
            server.stop();
            assertThat(c.poll()).isEmpty();
            assertThat(c.capabilities()).singleElement().asString().contains("unreachable");
        } finally {
            stopQuietly(server);
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    private static void stopQuietly(JMXConnectorServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            // already stopped
        }
    }

    @Test
    void badJmxUrlIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JmxCollector(JmxOptions.of("localhost:9010", "x"), CLOCK))
                .hasMessageContaining("invalid --jmx-url 'localhost:9010'");
    }

    @Test
    void embeddedTelemetryPublishesOnAnInterval() throws Exception {
        InMemorySink sink = new InMemorySink();
        IngestRunner runner = JvmTelemetry.start(sink, "embedded", Duration.ofMillis(50), CLOCK);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runner.polls() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        runner.close();
        assertThat(runner.polls()).isGreaterThanOrEqualTo(3);
        assertJvmSamples(sink.metrics(), "embedded");
        assertThat(sink.isClosed()).isTrue();
    }
}
