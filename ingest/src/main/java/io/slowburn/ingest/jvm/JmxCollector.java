package io.slowburn.ingest.jvm;

import io.slowburn.ingest.Capabilities;
import io.slowburn.ingest.Collector;
import io.slowburn.model.Observation;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.net.MalformedURLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A remote JVM over JMX, through its platform MXBeans: heap used/max from the {@code MemoryMXBean}, cumulative
 * collection time (all collectors, ms → s) from the {@code GarbageCollectorMXBean}s, the live thread count from
 * the {@code ThreadMXBean}. Connects lazily and reconnects after a failure; a poll while the JVM is unreachable
 * returns nothing. Unlike the in-process collector, {@code jvm.gc.time} counts from the remote JVM's start.
 */
public final class JmxCollector implements Collector {

    private static final Logger LOG = LogManager.getLogger(JmxCollector.class);

    private final JmxOptions options;
    private final Clock clock;
    private final JMXServiceURL url;
    private final Capabilities capabilities = new Capabilities();
    private JMXConnector connector;
    private long failures;

    public JmxCollector(JmxOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        try {
            this.url = new JMXServiceURL(options.url());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("invalid --jmx-url '" + options.url() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Observation> poll() {
        try {
            MBeanServerConnection conn = connection();
            MemoryUsage heap = ManagementFactory.newPlatformMXBeanProxy(conn, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class)
                    .getHeapMemoryUsage();
            double gcSeconds = 0;
            boolean gcKnown = false;
            for (ObjectName name : conn.queryNames(new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
                long ms = ManagementFactory.newPlatformMXBeanProxy(conn, name.getCanonicalName(), GarbageCollectorMXBean.class)
                        .getCollectionTime();
                if (ms >= 0) {
                    gcSeconds += ms / 1000.0;
                    gcKnown = true;
                }
            }
            int threads = ManagementFactory.newPlatformMXBeanProxy(conn, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class)
                    .getThreadCount();
            failures = 0;
            return new ArrayList<>(JvmSamples.of(clock.millis(), options.source(), heap.getUsed(), heap.getMax(),
                    gcKnown ? gcSeconds : -1, threads));
        } catch (IOException | RuntimeException | javax.management.MalformedObjectNameException e) {
            // RuntimeException: a proxy wraps a lost connection in UndeclaredThrowableException.
            if (++failures == 1) {
                LOG.warn("JMX poll of '{}' failed: {}; reconnecting on the next poll", options.url(), e.toString());
            }
            capabilities.note("jmx-failed", "JMX endpoint '" + options.url() + "' was unreachable at times: no samples then");
            disconnect();
            return List.of();
        }
    }

    private MBeanServerConnection connection() throws IOException {
        if (connector == null) {
            Map<String, Object> env = new HashMap<>();
            if (options.username() != null) {
                env.put(JMXConnector.CREDENTIALS, new String[] {options.username(), options.password()});
            }
            connector = JMXConnectorFactory.connect(url, env);
        }
        return connector.getMBeanServerConnection();
    }

    private void disconnect() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing JMX connector: {}", e.toString());
            }
            connector = null;
        }
    }

    @Override
    public List<String> capabilities() {
        return capabilities.summary();
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
