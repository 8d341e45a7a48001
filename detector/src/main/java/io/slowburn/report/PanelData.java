package io.slowburn.report;

import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The telemetry one panel keeps: its series, reduced ({@link SeriesTrace}), and its events. Bounded: at most
 * {@value #MAX_SERIES} series and {@value #MAX_EVENTS} events; what is beyond is counted, not kept.
 */
public final class PanelData {

    static final int MAX_SERIES = 24;
    static final int MAX_EVENTS = 2000;
    /** Drawing columns of a panel: about one per pixel of its plot area. */
    static final int COLUMNS = 640;

    final PanelPlan plan;
    final Map<String, SeriesTrace> series = new LinkedHashMap<>();
    final List<Event> events = new ArrayList<>();
    long droppedSeries;
    long droppedEvents;
    long eventCount;

    PanelData(PanelPlan plan) {
        this.plan = plan;
    }

    void add(MetricSample s) {
        SeriesTrace t = series.get(s.seriesId());
        if (t == null) {
            if (series.size() >= MAX_SERIES) {
                droppedSeries++;
                return;
            }
            t = new SeriesTrace(s, plan.from(), plan.drawTo(), plan.to(), COLUMNS, bucketMs());
            series.put(s.seriesId(), t);
        }
        t.add(s);
    }

    void add(Event e) {
        eventCount++;
        if (events.size() < MAX_EVENTS) {
            events.add(e);
        } else {
            droppedEvents++;
        }
    }

    /** The bucket width the panel's statistics need: a trend's rung bucket, a ratio's rate bucket. */
    private long bucketMs() {
        return switch (plan.kind()) {
            case TREND -> {
                double windowS = plan.incident().number("window_s");
                long rung = Double.isFinite(windowS) ? (long) (windowS * 1000 / 12) : 0;
                yield rung > 0 ? rung : PanelPlan.durationMs(plan.params().get("bucket"));
            }
            case RATIO -> Math.max(1000, PanelPlan.durationMs(plan.params().get("bucket")));
            default -> 0;
        };
    }

    long points() {
        long n = events.size();
        for (SeriesTrace t : series.values()) {
            n += t.envelope().points();
        }
        return n;
    }
}
