package io.slowburn.demo;

import io.slowburn.alerts.AlertRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's reading order. A breach alert and the abort command it causes are written in one transaction but to two
 * topics, and a consumer may hand the command over first: an abort is held until the breach alert of its experiment
 * has been printed, or for at most {@code maxHoldMs} (nothing is ever dropped). It also notices when an incident's
 * alerts name another source than before: a correlated incident spans sources, and each of its alerts names the source
 * of its latest evidence, so a breach may fire on web-5 and resolve on web-6.
 */
final class CauseBeforeEffect {

    /** An abort command as read: its experiment and the line to print. */
    record Abort(String experiment, String line) {
    }

    /** Incidents whose source is remembered; the demo has a handful, a long run forgets the oldest. */
    private static final int MAX_INCIDENTS = 10_000;

    private final long maxHoldMs;
    private final Map<Abort, Long> held = new LinkedHashMap<>();
    private final Set<String> breachesShown = new HashSet<>();
    private final Map<String, String> lastSource = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_INCIDENTS;
        }
    };

    CauseBeforeEffect(long maxHoldMs) {
        this.maxHoldMs = maxHoldMs;
    }

    /** An abort command arrived: returned when its breach alert has been shown, else held. */
    Optional<Abort> abortArrived(Abort abort, long nowMs) {
        if (breachesShown.contains(abort.experiment())) {
            return Optional.of(abort);
        }
        held.put(abort, nowMs);
        return Optional.empty();
    }

    /** An alert was shown: the aborts it caused, to show right after it. */
    List<Abort> alertShown(AlertRecord a) {
        List<Abort> release = new ArrayList<>();
        if ("breach".equals(a.verdict()) && "firing".equals(a.status()) && a.experiment() != null) {
            breachesShown.add(a.experiment());
            for (Iterator<Abort> it = held.keySet().iterator(); it.hasNext(); ) {
                Abort abort = it.next();
                if (abort.experiment().equals(a.experiment())) {
                    release.add(abort);
                    it.remove();
                }
            }
        }
        return release;
    }

    /** Aborts held longer than {@code maxHoldMs}: shown without their cause rather than never. */
    List<Abort> overdue(long nowMs) {
        List<Abort> release = new ArrayList<>();
        for (Iterator<Map.Entry<Abort, Long>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Abort, Long> e = it.next();
            if (nowMs - e.getValue() >= maxHoldMs) {
                release.add(e.getKey());
                it.remove();
            }
        }
        return release;
    }

    /** A line saying so when this alert names another source than its incident's previous alert. */
    Optional<String> sourceMoved(AlertRecord a) {
        if (a.id() == null || a.source() == null) {
            return Optional.empty();
        }
        String before = lastSource.put(a.id(), a.source());
        if (before == null || before.equals(a.source())) {
            return Optional.empty();
        }
        return Optional.of("   (" + a.signal() + " " + a.verdict() + " " + a.status() + " on " + a.source() + ", not " + before
                + ": the incident spans sources and its evidence moved; each alert names the source of its latest evidence)");
    }
}
