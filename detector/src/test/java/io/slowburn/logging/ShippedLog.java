package io.slowburn.logging;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;

/**
 * What the shipped {@code log4j2.xml} (not the tests' one) would print at WARN or above while it is open: every WARN
 * and ERROR of this JVM is captured (the tests' config silences Kafka below ERROR; it is lowered to WARN meanwhile),
 * then kept only when the shipped config's level and filters for that logger let it through. A test that runs the demo
 * or a command asserts that {@link #lines()} is empty: what an operator would see on the console.
 */
public final class ShippedLog extends AbstractAppender implements AutoCloseable {

    /** Loggers the tests' config holds above WARN. */
    private static final List<String> QUIETED = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private final List<String> lines = new ArrayList<>();
    private final List<String> raw = new ArrayList<>();
    private final Map<String, Level> previous = new HashMap<>();
    private final LoggerContext running;
    private final LoggerContext shippedContext = new LoggerContext("shipped-log");
    private final XmlConfiguration shipped;

    private ShippedLog() throws URISyntaxException, IOException {
        super("shipped-log-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        URL url = ShippedLog.class.getResource("/log4j2.xml");
        shipped = new XmlConfiguration(shippedContext, ConfigurationSource.fromUri(url.toURI()));
        shipped.initialize();
        running = (LoggerContext) LogManager.getContext(false);
    }

    /** Starts capturing. */
    public static ShippedLog capture() throws Exception {
        ShippedLog log = new ShippedLog();
        log.start();
        var config = log.running.getConfiguration();
        for (String name : QUIETED) {
            LoggerConfig lc = config.getLoggerConfig(name);
            log.previous.put(lc.getName(), lc.getLevel());
            lc.setLevel(Level.WARN);
        }
        config.getRootLogger().addAppender(log, Level.WARN, null);
        log.running.updateLoggers();
        return log;
    }

    /** Whether the shipped config prints this event. */
    public boolean shown(LogEvent event) {
        LoggerConfig lc = shipped.getLoggerConfig(event.getLoggerName());
        return lc.getLevel().isLessSpecificThan(event.getLevel()) && !lc.isFiltered(event);
    }

    @Override
    public synchronized void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
            String line = event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage();
            raw.add(line);
            if (shown(event)) {
                lines.add(line);
            }
        }
    }

    /** The WARN and ERROR lines the shipped config would have printed so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every WARN and ERROR line logged so far, also those the shipped config filters out as known and benign. */
    public synchronized List<String> raw() {
        return List.copyOf(raw);
    }

    @Override
    public void close() {
        var config = running.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        previous.forEach((name, level) -> config.getLoggerConfig(name).setLevel(level));
        running.updateLoggers();
        stop();
        shipped.stop();
        shippedContext.stop();
    }
}
