package io.slowburn.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.LogManager;

/**
 * Things a collector could not read, each reported ONCE (logged at INFO the first time, then kept for the
 * {@code capabilities()} summary): an unprivileged adapter hits the same permission error on every poll and must
 * not flood the log with it. Thread-safe.
 */
public final class Capabilities {

    private static final Logger LOG = LogManager.getLogger(Capabilities.class);
    private final Map<String, String> notes = new LinkedHashMap<>();

    /**
     * Records a limitation under a key (the same key is reported once).
     *
     * @return whether this is the first time
     */
    public synchronized boolean note(String key, String message) {
        if (notes.containsKey(key)) {
            return false;
        }
        notes.put(key, message);
        LOG.info("capability: {}", message);
        return true;
    }

    public synchronized List<String> summary() {
        return new ArrayList<>(notes.values());
    }
}
