package io.slowburn.ingest.jvm;

import io.slowburn.ingest.publish.JsonLinesSink;
import io.slowburn.ingest.publish.KafkaRecordSink;
import io.slowburn.ingest.publish.RecordSink;
import java.lang.instrument.Instrumentation;
import java.time.Clock;
import java.util.Map;

/**
 * {@code -javaagent:slowburn-agent.jar=bootstrap=127.0.0.1:9092,source=host-1,interval=10s}: starts in-process JVM
 * telemetry on a daemon thread before {@code main}. It must never break the application it rides on: bad arguments
 * or an unreachable broker are reported on stderr and the application starts anyway. Nor change what the application
 * sees: slowburn-agent.jar carries its dependencies relocated (ingest/pom.xml), and its producer registers no JMX
 * metrics in the application's MBean server.
 */
public final class TelemetryAgent {

    /**
     * The agent's producer: named, without Kafka's JMX reporter (its MBeans would appear as the host's), and without
     * pushing its own client metrics to the broker.
     */
    static final Map<String, Object> PRODUCER = Map.of("client.id", "slowburn-agent", "metric.reporters", "", "enable.metrics.push", false);

    private static volatile AutoCloseable running;

    private TelemetryAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start(args);
    }

    /** Attach to a running JVM (the Attach API): same arguments. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args);
    }

    static synchronized AutoCloseable start(String args) {
        if (running != null) {
            return running;
        }
        try {
            AgentArgs a = AgentArgs.parse(args);
            RecordSink sink = a.output() != null ? new JsonLinesSink(a.output())
                    : new KafkaRecordSink(a.bootstrap(), KafkaRecordSink.DEFAULT_METRICS_TOPIC, KafkaRecordSink.DEFAULT_EVENTS_TOPIC,
                            PRODUCER);
            AutoCloseable telemetry = JvmTelemetry.start(sink, a.source(), a.interval(), Clock.systemUTC());
            running = telemetry;
            Thread hook = new Thread(TelemetryAgent::stop, "slowburn-agent-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            return telemetry;
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the agent jar without its dependencies (kafka-clients, micrometer) on the class path.
            System.err.println("slowburn agent not started: " + e);
            return null;
        }
    }

    static synchronized void stop() {
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("slowburn agent: close failed: " + e);
            }
            running = null;
        }
    }
}
