package io.slowburn.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP POST of a body to a receiver, as a {@link Delivery}: the one place the HTTP outputs turn answers and I/O
 * errors into "delivered, retry or refused". Never throws, never retries (that is {@link Retrier}'s job).
 */
public final class HttpPost {

    private final HttpClient http;
    private final Duration timeout;

    public HttpPost(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public static HttpPost defaults() {
        return new HttpPost(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(10));
    }

    /** An http(s) URL with a host, or {@link IllegalArgumentException} quoting it. */
    public static URI checkUrl(String what, URI url) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException(what + " URL must be http(s)://HOST[:PORT]/..., got '" + url + "'");
        }
        return url;
    }

    public Delivery post(URI url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return Delivery.ofHttpStatus(response.statusCode(), response.body());
        } catch (IOException e) {
            return Delivery.retry(url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        } catch (IllegalArgumentException e) {
            // A header the JDK refuses (restricted name, bad value): no retry changes that.
            return Delivery.rejected(e.toString());
        }
    }
}
