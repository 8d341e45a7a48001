package io.slowburn.detector.service;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Who may read the HTTP endpoint, and over what: HTTP basic auth ({@code metrics.basic.auth.user} with the password in
 * {@code metrics.basic.auth.password.file}, as a Prometheus scrape config's {@code basic_auth} sends it) and TLS
 * ({@code metrics.tls.keystore.*}, as its {@code tls_config} expects). TLS covers the whole port; basic auth covers
 * what reveals something ({@code /metrics}, {@code /incidents}), not the probes {@code /healthz} and {@code /ready},
 * which answer a state word only and which a Kubernetes probe could send credentials to only from the pod spec in clear.
 * The password is read from its file and never kept in the configuration, so it cannot reach a log line.
 */
public final class HttpAccess {

    private static final String REALM = "slowburn";

    private final String user;
    private final byte[] password;
    private final SSLContext tls;

    private HttpAccess(String user, byte[] password, SSLContext tls) {
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    /** Neither: plain HTTP, open (behind {@code metrics.address}). */
    public static HttpAccess open() {
        return new HttpAccess(null, null, null);
    }

    /**
     * From the configuration; every problem (a user without a password file, an unreadable file or keystore) is a
     * {@link ConfigException} at start-up, never a silently open port.
     */
    public static HttpAccess of(DetectorConfig config) {
        String user = config.getString(DetectorConfig.METRICS_BASIC_AUTH_USER);
        String passwordFile = config.getString(DetectorConfig.METRICS_BASIC_AUTH_PASSWORD_FILE);
        byte[] password = null;
        if (!user.isEmpty() || !passwordFile.isEmpty()) {
            if (user.isEmpty() || passwordFile.isEmpty()) {
                throw new ConfigException("metrics.basic.auth.user and metrics.basic.auth.password.file go together: set both "
                        + "or neither");
            }
            if (user.contains(":")) {
                throw new ConfigException(DetectorConfig.METRICS_BASIC_AUTH_USER, user, "a basic auth user cannot contain ':'");
            }
            password = readPassword(Path.of(passwordFile));
        }
        String keystore = config.getString(DetectorConfig.METRICS_TLS_KEYSTORE_LOCATION);
        SSLContext tls = keystore.isEmpty() ? null : tls(Path.of(keystore), config.getString(DetectorConfig.METRICS_TLS_KEYSTORE_TYPE),
                config.getPassword(DetectorConfig.METRICS_TLS_KEYSTORE_PASSWORD));
        return new HttpAccess(user.isEmpty() ? null : user, password, tls);
    }

    /** The file's first line (a trailing newline is not part of it, as with Prometheus's {@code password_file}). */
    private static byte[] readPassword(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(DetectorConfig.METRICS_BASIC_AUTH_PASSWORD_FILE, file.toString(),
                    "cannot read the password file: " + e.getMessage());
        }
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).replaceFirst("\r$", "");
        if (line.isEmpty()) {
            throw new ConfigException(DetectorConfig.METRICS_BASIC_AUTH_PASSWORD_FILE, file.toString(), "the password file is empty");
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static SSLContext tls(Path keystore, String type, Password password) {
        char[] pass = password == null ? new char[0] : password.value().toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, pass);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            // the message names the file and the problem, never the password
            throw new ConfigException(DetectorConfig.METRICS_TLS_KEYSTORE_LOCATION, keystore.toString(),
                    "cannot load the " + type + " keystore: " + e.getMessage());
        }
    }

    /** The TLS context, or null for plain HTTP. */
    SSLContext tls() {
        return tls;
    }

    /** The authenticator of the endpoints that need one, or null when no user is configured. */
    Authenticator authenticator() {
        if (user == null) {
            return null;
        }
        return new BasicAuthenticator(REALM, StandardCharsets.UTF_8) {
            @Override
            public boolean checkCredentials(String u, String p) {
                // both compared in full (constant time for equal lengths): no early exit that times out the password
                boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), u.getBytes(StandardCharsets.UTF_8));
                boolean passOk = MessageDigest.isEqual(password, p.getBytes(StandardCharsets.UTF_8));
                return userOk & passOk;
            }
        };
    }

    /** What the start-up log may say about it (no secret). */
    @Override
    public String toString() {
        return (tls == null ? "http" : "https") + (user == null ? ", no basic auth" : ", basic auth for user " + user);
    }
}
