package io.slowburn.alerts;

import java.util.Objects;

/**
 * What one attempt to hand an alert to an output came to: taken, worth another try (the receiver is down, busy or
 * failing: I/O error, timeout, HTTP 408, 429 or 5xx), or refused for good (any other answer: a malformed request, an
 * unknown URL, no permission), which no retry would change. An output never throws: it returns one of these.
 */
public record Delivery(Outcome outcome, String detail) {

    /** The three ways an attempt ends. */
    public enum Outcome { DELIVERED, RETRY, REJECTED }

    public Delivery {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    public static Delivery ok() {
        return new Delivery(Outcome.DELIVERED, "");
    }

    public static Delivery retry(String why) {
        return new Delivery(Outcome.RETRY, why);
    }

    public static Delivery rejected(String why) {
        return new Delivery(Outcome.REJECTED, why);
    }

    /** An HTTP answer: 2xx delivered; 408, 429 and 5xx worth retrying; anything else refused. */
    public static Delivery ofHttpStatus(int status, String body) {
        if (status >= 200 && status < 300) {
            return ok();
        }
        String why = "HTTP " + status + (body == null || body.isBlank() ? "" : " " + abbreviate(body));
        return status == 408 || status == 429 || status >= 500 ? retry(why) : rejected(why);
    }

    public boolean isDelivered() {
        return outcome == Outcome.DELIVERED;
    }

    static String abbreviate(String s) {
        String t = s.strip().replace('\n', ' ');
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
