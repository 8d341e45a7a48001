package io.slowburn.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what the given loggers log at {@code level} or above, in this JVM, for as long as it is open: the message,
 * its parameters rendered, and any exception's message and stack trace. The previous levels come back on close.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Map<String, Level> previous = new HashMap<>();
    private final Map<String, Boolean> created = new HashMap<>();
    private final LoggerContext context;

    private LogCapture(LoggerContext context) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    static LogCapture start(Level level, String... loggers) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LogCapture c = new LogCapture(ctx);
        c.start();
        Configuration config = ctx.getConfiguration();
        for (String name : loggers) {
            LoggerConfig lc = config.getLoggerConfig(name);
            if (!lc.getName().equals(name)) {
                lc = new LoggerConfig(name, level, true);
                config.addLogger(name, lc);
                c.created.put(name, true);
            } else {
                c.previous.put(name, lc.getLevel());
                lc.setLevel(level);
            }
            lc.addAppender(c, level, null);
        }
        ctx.updateLoggers();
        return c;
    }

    @Override
    public synchronized void append(LogEvent event) {
        StringBuilder sb = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - "
                + event.getMessage().getFormattedMessage());
        Throwable t = event.getThrown();
        while (t != null) {
            sb.append(" | ").append(t);
            for (StackTraceElement e : t.getStackTrace()) {
                sb.append("\n    at ").append(e);
            }
            t = t.getCause();
        }
        lines.add(sb.toString());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (String name : created.keySet()) {
            config.removeLogger(name);
        }
        for (Map.Entry<String, Level> e : previous.entrySet()) {
            LoggerConfig lc = config.getLoggerConfig(e.getKey());
            lc.removeAppender(getName());
            lc.setLevel(e.getValue());
        }
        context.updateLoggers();
        stop();
    }
}
