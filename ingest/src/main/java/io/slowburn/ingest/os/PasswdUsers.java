package io.slowburn.ingest.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps uids to user names from a passwd file. Read once: users rarely change, and a uid without a name is reported
 * as the number (LDAP/NSS users are not in /etc/passwd; we do not call out to NSS).
 */
final class PasswdUsers {

    private final Map<Integer, String> names;

    private PasswdUsers(Map<Integer, String> names) {
        this.names = names;
    }

    static PasswdUsers load(Path passwd) {
        Map<Integer, String> names = new HashMap<>();
        if (passwd == null) {
            return new PasswdUsers(names);
        }
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && !line.startsWith("#")) {
                    try {
                        names.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException e) {
                        // A malformed line: skip it.
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new PasswdUsers(names);
        }
        return new PasswdUsers(names);
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** The user name, or the uid as text when unknown. */
    String name(int uid) {
        return names.getOrDefault(uid, Integer.toString(uid));
    }
}
