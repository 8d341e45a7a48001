package io.slowburn.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default {@code source}: the host name, as the contract's examples ({@code host-17}) expect. */
public final class SourceNames {

    private SourceNames() {
    }

    public static String defaultSource() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return sanitize(env);
        }
        try {
            return sanitize(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Label values and names may not hold {@code ,}, {@code |} or control characters (they delimit series ids). */
    public static String sanitize(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(c == ',' || c == '|' || Character.isISOControl(c) ? '_' : c);
        }
        String s = sb.toString().strip();
        return s.length() > 256 ? s.substring(0, 256) : s;
    }
}
