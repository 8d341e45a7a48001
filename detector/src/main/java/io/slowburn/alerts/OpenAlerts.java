package io.slowburn.alerts;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts that fired and have not resolved yet, by id, each with the stable view of its firing ({@link StableAlert})
 * and the alert-topic partition it came from. Turns each record into the {@link StableAlert} to send: a firing record
 * opens the alert (a repeated firing keeps the first one's labels and start), a resolution takes the labels of the
 * firing and closes it. Bounded: past {@code capacity} the oldest open alert is forgotten (its resolution is then sent
 * with its own labels, and counted). Thread-safe: the Alertmanager re-send reads it from the same loop or a tail.
 */
public final class OpenAlerts {

    /** The partition used when records do not come from a partition (tests, a tail). */
    public static final int NO_PARTITION = -1;

    private record Open(StableAlert firing, int partition) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>();
    private long forgotten;

    public OpenAlerts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The stable view of this record, given every earlier record of its partitions passed through here. */
    public synchronized StableAlert next(AlertRecord a, int partition) {
        if (a.id() == null) {
            return StableAlert.firing(a);
        }
        Open known = open.get(a.id());
        if (a.resolved()) {
            if (known == null) {
                return StableAlert.firing(a);
            }
            open.remove(a.id());
            return StableAlert.following(known.firing(), a);
        }
        if (known != null) {
            return StableAlert.following(known.firing(), a);
        }
        StableAlert firing = StableAlert.firing(a);
        open.put(a.id(), new Open(firing, partition));
        if (open.size() > capacity) {
            Iterator<?> eldest = open.values().iterator();
            eldest.next();
            eldest.remove();
            forgotten++;
        }
        return firing;
    }

    /** The firing view of every open alert, oldest first. */
    public synchronized List<StableAlert> firing() {
        List<StableAlert> out = new ArrayList<>(open.size());
        open.values().forEach(o -> out.add(o.firing()));
        return out;
    }

    /** Drops the open alerts of a partition this process no longer reads (another forwarder owns them now). */
    public synchronized void forget(int partition) {
        open.values().removeIf(o -> o.partition() == partition);
    }

    public synchronized int size() {
        return open.size();
    }

    /** Open alerts dropped because more than {@code capacity} were open. */
    public synchronized long forgotten() {
        return forgotten;
    }

    @Override
    public synchronized String toString() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        open.forEach((k, v) -> ids.put(k, v.partition()));
        return "OpenAlerts" + ids;
    }
}
