package io.slowburn.detector.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP endpoint with {@code metrics.basic.auth.*} and {@code metrics.tls.keystore.*}, through a real HTTP client:
 * /metrics answers 401 without credentials or with wrong ones and 200 with them, the probes stay open; with a keystore
 * the port speaks TLS with the configured certificate (the client trusts only that one) and no plain HTTP.
 */
class MetricsEndpointSecurityTest {

    private static final String STOREPASS = "store-secret-1";

    @TempDir
    Path tmp;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private MetricsEndpoint endpoint;

    @AfterEach
    void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private DetectorConfig config(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        return DetectorConfig.of(p);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRequireBasicAuthOnMetricsButNotOnTheProbes() throws Exception {
        Path pw = Files.writeString(tmp.resolve("password"), "s3cret-scrape\n");
        HttpAccess access = HttpAccess.of(config(Map.of(DetectorConfig.METRICS_BASIC_AUTH_USER, "prometheus",
                DetectorConfig.METRICS_BASIC_AUTH_PASSWORD_FILE, pw.toString())));
        endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0, new StreamsHealth(() -> State.RUNNING), access);
        endpoint.serve("/incidents", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + endpoint.port();

        HttpResponse<String> anonymous = get(http, base + "/metrics", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(get(http, base + "/metrics", "prometheus", "wrong").statusCode()).isEqualTo(401);
        assertThat(get(http, base + "/metrics", "other", "s3cret-scrape").statusCode()).isEqualTo(401);
        assertThat(get(http, base + "/incidents", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = get(http, base + "/metrics", "prometheus", "s3cret-scrape");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("slowburn_ready");
        assertThat(get(http, base + "/incidents", "prometheus", "s3cret-scrape").statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/healthz", null, null).statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(access.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldServeTlsWithTheConfiguredKeystoreAndNoPlainHttp() throws Exception {
        Path keystore = keystore();
        HttpAccess access = HttpAccess.of(config(Map.of(DetectorConfig.METRICS_TLS_KEYSTORE_LOCATION, keystore.toString(),
                DetectorConfig.METRICS_TLS_KEYSTORE_PASSWORD, STOREPASS)));
        endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0, new StreamsHealth(() -> State.RUNNING), access);
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();

        HttpResponse<String> scrape = get(https, "https://127.0.0.1:" + endpoint.port() + "/metrics", null, null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        SSLSession session = scrape.sslSession().orElseThrow();
        assertThat(session.getPeerCertificates()[0]).isEqualTo(certificate(keystore));
        assertThat(get(https, "https://127.0.0.1:" + endpoint.port() + "/ready", null, null).statusCode()).isEqualTo(200);

        // a client that trusts only the default CAs refuses the handshake; plain HTTP gets no answer
        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "https://127.0.0.1:" + endpoint.port() + "/metrics", null, null))
                .isInstanceOf(SSLHandshakeException.class);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldRefuseToStartOnHalfAConfigurationOrAnUnreadableKeystore() throws Exception {
        assertThatThrownBy(() -> HttpAccess.of(config(Map.of(DetectorConfig.METRICS_BASIC_AUTH_USER, "prometheus"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set both or neither");
        assertThatThrownBy(() -> HttpAccess.of(config(Map.of(DetectorConfig.METRICS_BASIC_AUTH_USER, "prometheus",
                DetectorConfig.METRICS_BASIC_AUTH_PASSWORD_FILE, tmp.resolve("missing").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read the password file");
        Path keystore = keystore();
        assertThatThrownBy(() -> HttpAccess.of(config(Map.of(DetectorConfig.METRICS_TLS_KEYSTORE_LOCATION, keystore.toString(),
                DetectorConfig.METRICS_TLS_KEYSTORE_PASSWORD, "not-the-password"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot load the PKCS12 keystore")
                .hasMessageNotContaining("not-the-password");
    }

    /** A PKCS12 keystore with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private Path keystore() throws Exception {
        Path ks = tmp.resolve("http.p12");
        if (Files.exists(ks)) {
            return ks;
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "slowburn", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", STOREPASS, "-keypass", STOREPASS).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return ks;
    }

    private static Certificate certificate(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, STOREPASS.toCharArray());
        }
        return ks.getCertificate("slowburn");
    }

    /** A client context that trusts the keystore's certificate and nothing else. */
    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("slowburn", certificate(keystore));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
