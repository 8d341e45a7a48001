package io.slowburn.alerting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Alert ids: one per incident (rule, key, the event time the incident began), deterministic so that a replay, a
 * restart or a backtest gives the same id. Readable prefix, hashed suffix: {@code heap-floor-drift-3f2a9c0d1e2b4a5c}.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String rule, String key, long since) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((rule + '\n' + key + '\n' + since).getBytes(StandardCharsets.UTF_8));
            return rule + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
