package io.slowburn.ingest.jvm;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@code slowburn ingest jvm --jmx-url ...}.
 *
 * @param url e.g. {@code service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi}
 * @param source the {@code source} of every record (default: host name)
 * @param interval between polls (default 10 s)
 * @param username JMX user or {@code null} (from a file or the environment in the CLI: never a flag value)
 * @param password JMX password or {@code null}
 */
public record JmxOptions(String url, String source, Duration interval, String username, String password) {

    public JmxOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(source, "source");
        interval = interval == null ? Duration.ofSeconds(10) : interval;
    }

    public static JmxOptions of(String url, String source) {
        return new JmxOptions(url, source, null, null, null);
    }

    @Override
    public String toString() {
        return "JmxOptions[url=" + url + ", source=" + source + ", interval=" + interval + ", username=" + username + "]";
    }
}
