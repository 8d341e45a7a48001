package io.slowburn.model;

import java.util.Map;
import java.util.Objects;

/**
 * A discrete event as in the contract ({@code process.exit}, {@code exec}, ...). Attributes are free-form;
 * the names the default rules read are {@code pid, exe, user, signal, exit_code, sender}.
 */
public record Event(long ts, String source, String event, Map<String, Object> attrs) implements Observation {

    public static final String PROCESS_START = "process.start";
    public static final String PROCESS_EXIT = "process.exit";
    public static final String SIGNAL = "signal";
    public static final String OOM_KILL = "oom_kill";
    public static final String EXEC = "exec";
    public static final String LOGIN = "login";
    /** Not on the wire: derived by the detector when a counter of this source drops (a process restart). */
    public static final String COUNTER_RESET = "counter.reset";

    public Event {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(event, "event");
        attrs = attrs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attrs));
    }

    /** An attribute as text, or {@code null} when absent. */
    public String attr(String name) {
        Object v = attrs.get(name);
        return v == null ? null : String.valueOf(v);
    }
}
