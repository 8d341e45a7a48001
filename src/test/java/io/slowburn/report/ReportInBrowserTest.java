package io.slowburn.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.cli.SlowburnMain;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.ingest.simulate.SimulateOptions;
import io.slowburn.ingest.simulate.SimulateRunner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: opened in the OS's headless Chromium, it shows no console error, every incident panel
 * drew an SVG with data in it, it fetched nothing but itself, and its screenshot is not blank. Skipped where Chromium is
 * not installed ({@code apt-get install -y chromium}; {@code .ci/run} installs it where it can).
 */
@Tag("integration")
class ReportInBrowserTest {

    static final Path TARGET = Path.of("target");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Per panel: whether its SVG laid out and holds drawn data (a line of several points, or dots). */
    static final String PANELS = """
            JSON.stringify({
              panels: document.querySelectorAll('section.incident').length,
              drawn: [...document.querySelectorAll('section.incident')].filter(s => {
                const svg = s.querySelector('svg');
                if (!svg || svg.getBoundingClientRect().height < 100) return false;
                const lines = [...svg.querySelectorAll('polyline.data')].filter(l => l.points.numberOfItems > 1).length;
                return lines + svg.querySelectorAll('circle.data').length > 0;
              }).length,
              bars: document.querySelectorAll('#timeline + svg rect.bar').length,
              summaryLinks: document.querySelectorAll('a[href^="#inc-"]').length,
              scripts: document.querySelectorAll('script').length,
              images: document.querySelectorAll('img').length
            })""";

    static Path chromium;

    @BeforeAll
    static void findChromium() {
        chromium = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (no /usr/bin/chromium and no $SLOWBURN_CHROMIUM): "
                + "apt-get install -y chromium to run the browser test");
    }

    @Test
    void shouldRenderEveryIncidentOfTheDemoBacktestWithNoConsoleErrorAndNothingFetched(@TempDir Path dir) throws Exception {
        Path telemetry = dir.resolve("demo.jsonl");
        int simulated = new SimulateRunner(new SimulateOptions("demo", "max", telemetry, null, "slowburn.", Map.of()),
                new PrintStream(PrintStream.nullOutputStream())).run();
        assertThat(simulated).isZero();
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve(SigningKeys.DEMO + ".pub"), SigningKeys.demoPublicPem());
        Path report = dir.resolve("report.html");
        int exit = SlowburnMain.execute("backtest", "--input", telemetry.toString(), "--output", dir.resolve("alerts.jsonl").toString(),
                "--trusted-keys", keys.toString(), "--report", report.toString());
        assertThat(exit).isZero();

        try (HeadlessChromium browser = HeadlessChromium.start(chromium, TARGET.resolve("chromium-report.log"), 1280, 2400)) {
            browser.open(report.toUri().toString());
            JsonNode page = JSON.readTree(browser.evaluate(PANELS).asText());

            assertThat(page.get("panels").asInt()).as(page.toString()).isGreaterThanOrEqualTo(6);
            assertThat(page.get("drawn").asInt()).as(page.toString()).isEqualTo(page.get("panels").asInt());
            assertThat(page.get("bars").asInt()).isGreaterThanOrEqualTo(page.get("panels").asInt());
            assertThat(page.get("summaryLinks").asInt()).isGreaterThanOrEqualTo(page.get("panels").asInt());
            assertThat(page.get("scripts").asInt()).isZero();
            assertThat(browser.consoleErrors()).isEmpty();
            assertThat(browser.requests()).allMatch(url -> url.startsWith("file:") || url.startsWith("data:") || url.equals("about:blank"));
            byte[] png = browser.screenshot();
            Files.write(TARGET.resolve("report-screenshot.png"), png);
            assertNotBlank(png);
        }
    }

    @Test
    void shouldNeitherRunNorLoadAnythingFromHostileNamesLabelsAndReasons(@TempDir Path dir) throws Exception {
        String script = "<script>alert(1)</script>";
        String breakout = "\\\"><img src=x onerror=alert(2)>";
        long t0 = 1_772_409_600_000L;
        List<String> telemetry = new ArrayList<>();
        for (int m = 0; m < 300; m++) {
            telemetry.add(String.format(Locale.ROOT, "{\"stream\":\"metric\",\"ts\":%d,\"source\":\"%s\",\"metric\":\"jvm.memory.used\","
                    + "\"labels\":{\"area\":\"heap\",\"x\":\"%s\"},\"value\":%d,\"limit\":4.0e9}", t0 + m * 60_000L, script, breakout,
                    1_000_000_000L + m * 2_000_000L));
        }
        Files.write(dir.resolve("t.jsonl"), telemetry);
        Files.writeString(dir.resolve("a.jsonl"), String.format(Locale.ROOT, "{\"id\":\"%s\",\"ts\":%d,\"status\":\"firing\","
                + "\"verdict\":\"suspicious\",\"signal\":\"memory_drift\",\"severity\":\"critical\",\"source\":\"%s\",\"labels\":"
                + "{\"area\":\"heap\",\"x\":\"%s\"},\"experiment\":null,\"rule\":\"heap-floor-drift\",\"evidence\":{\"level\":1.4e9,"
                + "\"slope_per_hour\":1.2e8,\"window_s\":7200,\"limit\":4.0e9,\"%s\":\"%s\"},\"containment\":[],\"summary\":\"%s%s\"}%n",
                script, t0 + 200 * 60_000L, script, breakout, script, breakout, script, breakout));
        Path report = dir.resolve("hostile.html");
        assertThat(SlowburnMain.execute("report", "--input", dir.resolve("t.jsonl").toString(), "--alerts",
                dir.resolve("a.jsonl").toString(), "--output", report.toString(), "--title", script)).isZero();

        try (HeadlessChromium browser = HeadlessChromium.start(chromium, TARGET.resolve("chromium-hostile.log"), 1280, 1600)) {
            browser.open(report.toUri().toString());
            JsonNode page = JSON.readTree(browser.evaluate(PANELS).asText());

            assertThat(page.get("scripts").asInt()).isZero();
            assertThat(page.get("images").asInt()).isZero();
            assertThat(page.get("drawn").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.title").asText()).isEqualTo(script);
            assertThat(browser.evaluate("document.querySelector('section.incident h3').textContent").asText()).contains(script);
            assertThat(browser.consoleErrors()).isEmpty();
            assertThat(browser.requests()).allMatch(url -> url.startsWith("file:"));
        }
    }

    /** A blank page is one colour: the screenshot must have light and dark pixels and more than a few colours. */
    static void assertNotBlank(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        double sum = 0;
        double sumSq = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double lum = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += lum;
                sumSq += lum * lum;
                colours.add(rgb & 0xffffff);
                n++;
            }
        }
        double variance = sumSq / n - (sum / n) * (sum / n);
        assertThat(variance).as("luminance variance of the screenshot").isGreaterThan(100);
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
    }
}
