package io.slowburn.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.broker.EmbeddedKafkaBroker;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.ingest.simulate.SimulateOptions;
import io.slowburn.ingest.simulate.SimulateRunner;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /incidents} on a live {@code run}: the detector on the embedded broker raises the demo scenario's alerts, and
 * its HTTP port serves them as the report, read back from its own topics; opened in headless Chromium.
 */
@Tag("integration")
class LiveIncidentsInBrowserTest {

    @Test
    void shouldServeTheIncidentsTheDetectorRaisedAsTheReport(@TempDir Path dir) throws Exception {
        Path chromium = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed: apt-get install -y chromium to run the browser test");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve(SigningKeys.DEMO + ".pub"), SigningKeys.demoPublicPem());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    DetectorConfig.APPLICATION_ID, "slowburn-live-view", DetectorConfig.TOPICS_PARTITIONS, 2,
                    DetectorConfig.STATE_DIR, dir.resolve("state").toString(), DetectorConfig.TRUSTED_KEYS_DIR, keys.toString(),
                    DetectorConfig.METRICS_PORT, port));
            RuleBook rules = new RuleBook(RuleSources.load(config).orThrow());
            DetectorSetup setup = DetectorSetup.of(config, rules, TrustedKeySource.loadOnce(keys));
            try (DetectorService service = DetectorService.start(config, setup)) {
                assertThat(service.awaitRunning(Duration.ofSeconds(120))).isTrue();
                int simulated = new SimulateRunner(new SimulateOptions("demo", "max", null, broker.bootstrapServers(),
                        config.getString(DetectorConfig.TOPIC_PREFIX), Map.of()), new PrintStream(PrintStream.nullOutputStream())).run();
                assertThat(simulated).isZero();

                URI incidents = URI.create("http://127.0.0.1:" + port + "/incidents");
                HttpClient http = HttpClient.newHttpClient();
                String page = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
                while (IncidentCount.of(page) < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(IncidentsHandler.REUSE_MS + 500);
                    page = http.send(HttpRequest.newBuilder(incidents).build(), HttpResponse.BodyHandlers.ofString()).body();
                }
                assertThat(IncidentCount.of(page)).as("incidents on /incidents").isGreaterThanOrEqualTo(4);
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(incidents).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(405);

                try (HeadlessChromium browser = HeadlessChromium.start(chromium, Path.of("target", "chromium-live.log"), 1280, 2400)) {
                    browser.open(incidents.toString());
                    JsonNode view = ReportInBrowserTest.JSON.readTree(browser.evaluate(ReportInBrowserTest.PANELS).asText());

                    assertThat(view.get("panels").asInt()).isGreaterThanOrEqualTo(4);
                    assertThat(view.get("drawn").asInt()).as(view.toString()).isEqualTo(view.get("panels").asInt());
                    assertThat(browser.consoleErrors()).isEmpty();
                    assertThat(browser.requests()).allMatch(url -> url.startsWith("http://127.0.0.1:" + port + "/"));
                    byte[] png = browser.screenshot();
                    Files.write(Path.of("target", "incidents-screenshot.png"), png);
                    ReportInBrowserTest.assertNotBlank(png);
                }
            }
        }
    }

    /** Incident panels on a page. */
    static final class IncidentCount {
        static int of(String page) {
            int n = 0;
            for (int i = page.indexOf("<section class=\"incident\""); i >= 0; i = page.indexOf("<section class=\"incident\"", i + 1)) {
                n++;
            }
            return n;
        }
    }
}
