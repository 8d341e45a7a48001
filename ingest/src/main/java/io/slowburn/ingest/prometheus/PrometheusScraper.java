package io.slowburn.ingest.prometheus;

import io.slowburn.ingest.Capabilities;
import io.slowburn.ingest.Collector;
import io.slowburn.model.Observation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Prometheus adapter: scrapes one endpoint per poll (OpenMetrics preferred, 0.0.4 text accepted), parses it
 * and maps it to contract samples. A failed scrape is logged and yields nothing; the next poll tries again.
 */
public final class PrometheusScraper implements Collector {

    /** Both formats, OpenMetrics first: it marks the end of a complete exposition with {@code # EOF}. */
    static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final Logger LOG = LogManager.getLogger(PrometheusScraper.class);

    private final ScrapeOptions options;
    private final Clock clock;
    private final HttpClient http;
    private final PrometheusTextParser parser = new PrometheusTextParser();
    private final Capabilities capabilities = new Capabilities();
    private final AtomicLong nonFiniteSkipped = new AtomicLong();
    private final AtomicLong parseErrors = new AtomicLong();
    private final AtomicLong failedScrapes = new AtomicLong();

    public PrometheusScraper(ScrapeOptions options, Clock clock) {
        this(options, clock, HttpClient.newBuilder().connectTimeout(options.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    public PrometheusScraper(ScrapeOptions options, Clock clock, HttpClient http) {
        this.options = options;
        this.clock = clock;
        this.http = http;
    }

    @Override
    public List<Observation> poll() {
        long scrapeTime = clock.millis();
        HttpRequest request = HttpRequest.newBuilder(options.url()).timeout(options.timeout()).header("Accept", ACCEPT).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failed("scrape of '" + options.url() + "' failed: " + e);
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        if (response.statusCode() != 200) {
            failed("scrape of '" + options.url() + "' returned HTTP " + response.statusCode());
            return List.of();
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        PrometheusTextParser.Format format = contentType.contains("openmetrics")
                ? PrometheusTextParser.Format.OPENMETRICS : PrometheusTextParser.Format.AUTO;
        ParseResult parsed = parser.parse(response.body(), format);
        if (parsed.nonFiniteSkipped() > 0) {
            nonFiniteSkipped.addAndGet(parsed.nonFiniteSkipped());
            capabilities.note("non-finite", "samples with NaN or +-Inf values are skipped (the contract forbids them)");
        }
        if (!parsed.errors().isEmpty()) {
            parseErrors.addAndGet(parsed.errors().size());
            capabilities.note("parse-errors", "unparseable lines in '" + options.url() + "' are skipped; first: " + parsed.errors().get(0));
        }
        if (format == PrometheusTextParser.Format.OPENMETRICS && !parsed.sawEof()) {
            // A truncated OpenMetrics body: keep what parsed, but say the scrape may be partial.
            LOG.debug("OpenMetrics exposition from '{}' has no '# EOF': possibly truncated", options.url());
        }
        return new ArrayList<>(options.mapping().map(parsed.samples(), options.source(), scrapeTime));
    }

    private void failed(String message) {
        if (failedScrapes.incrementAndGet() == 1) {
            LOG.warn("{} (further failures at debug)", message);
        } else {
            LOG.debug(message);
        }
    }

    @Override
    public List<String> capabilities() {
        return capabilities.summary();
    }

    public long nonFiniteSkipped() {
        return nonFiniteSkipped.get();
    }

    public long parseErrors() {
        return parseErrors.get();
    }

    public long failedScrapes() {
        return failedScrapes.get();
    }
}
