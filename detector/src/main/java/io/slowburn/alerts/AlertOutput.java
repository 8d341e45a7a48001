package io.slowburn.alerts;

import java.net.URI;
import java.util.List;

/**
 * Where {@code alerts forward} sends alerts. One attempt per {@link #deliver} call, answered with a {@link Delivery}
 * (never an exception): retries, backoff and the dead letter are the forwarder's, the same for every output.
 */
public interface AlertOutput extends AutoCloseable {

    /** A short name for logs and the dead letter: {@code alertmanager}, {@code webhook}, {@code slack}, ... */
    String name();

    /** Where it sends: a URL or a topic (no credentials: a URL's user info is dropped). */
    String target();

    Delivery deliver(StableAlert alert);

    /**
     * Called at the re-send interval with every alert still firing, for receivers that forget an alert not repeated
     * (Alertmanager); best effort, never dead-lettered. Most outputs ignore it.
     */
    default void refresh(List<StableAlert> firing) {
    }

    @Override
    default void close() {
    }

    /** A URL for logs: scheme, host, port and path, without user info or query (a Slack URL's path is its secret). */
    static String redacted(URI url, boolean hidePath) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + url.getHost() + port + (hidePath ? "/..." : url.getRawPath());
    }
}
