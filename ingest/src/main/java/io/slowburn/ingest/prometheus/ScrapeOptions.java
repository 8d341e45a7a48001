package io.slowburn.ingest.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@code slowburn ingest prometheus}.
 *
 * @param url the metrics endpoint ({@code --url}, e.g. {@code http://127.0.0.1:9100/metrics})
 * @param source the {@code source} of every record (default: host name)
 * @param interval between scrapes (default 10 s)
 * @param timeout of one scrape, connect included (default 5 s)
 * @param mapping renames and types ({@code --mapping FILE}); {@link PrometheusMapping#identity()} when absent
 */
public record ScrapeOptions(URI url, String source, Duration interval, Duration timeout, PrometheusMapping mapping) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public ScrapeOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(source, "source");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--url must be http or https, got '" + url + "'");
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        mapping = mapping == null ? PrometheusMapping.identity() : mapping;
    }

    public static ScrapeOptions of(URI url, String source) {
        return new ScrapeOptions(url, source, null, null, null);
    }
}
