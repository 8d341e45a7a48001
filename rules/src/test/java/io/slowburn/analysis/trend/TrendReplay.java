package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.window.Watermark;
import io.slowburn.model.MetricSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A development aid, not a test: replays one metric of a detection-suite seed's kept records
 * ({@code bash src/detection.sh N FIRST --keep-records}) through {@code trend_to_limit} with a rule's parameters and
 * prints each series' anomalous stretches (hours since the first record). Skipped unless {@code -Dreplay.records=PATH}.
 * {@code -Dreplay.metric} (os.memory.used), {@code -Dreplay.rule} (host-memory-drift: its parameters below),
 * {@code -Dreplay.source}, {@code -Dreplay.at=HOURS} (every rung's fit around then), {@code -Dreplay.trace.from} and
 * {@code .to} (hours: the raw and the fitted, sawtooth-corrected level every four minutes, or every
 * {@code -Dreplay.trace.every} minutes), {@code -Dreplay.dump=true} (each closed finest bucket on a line starting
 * {@code LV}: source, bucket, fitted level, own level, last reclaim, what it freed, the pace and the median reclaim).
 */
class TrendReplay {

    private static final Pattern LINE = Pattern.compile(
            "\"ts\":(\\d+),\"source\":\"([^\"]+)\",\"metric\":\"([^\"]+)\",\"labels\":\\{([^}]*)\\},\"value\":([^,]+),"
                    + "\"type\":\"[^\"]+\",\"limit\":([^,}]+)");

    static Map<String, Object> params(String rule) {
        Map<String, Object> p = new HashMap<>();
        switch (rule) {
            case "heap-floor-drift" -> {
                p.put("floor", true);
                p.put("bucket", "5m");
                p.put("window", "2d");
                p.put("saturation", null);
                p.put("min_rise", System.getProperty("replay.min_rise", "80m"));
            }
            case "fd-exhaustion", "process" -> {
                p.put("bucket", System.getProperty("replay.bucket", "5m"));
                p.put("window", System.getProperty("replay.window", "3d"));
            }
            case "queue-growth" -> {
                p.put("floor", true);
                p.put("bucket", "5m");
                p.put("window", "1d");
                p.put("saturation", null);
            }
            default -> {
                p.put("bucket", "1m");
                p.put("window", "3d");
                p.put("saturation", 0.9);
                p.put("sawtooth", Boolean.parseBoolean(System.getProperty("replay.sawtooth", "true")));
                p.put("min_rise", System.getProperty("replay.min_rise", "80m"));
            }
        }
        p.values().removeIf(v -> v == null);
        p.put("min_history", "2h");
        p.put("horizon", "24h");
        p.put("warning_horizon", "7d");
        p.put("reach", 12);
        p.put("lateness", "2m");
        return p;
    }

    /** The level the fits see (corrected for a sawtooth), read from the state (reflection, as {@link #printFits}). */
    private static double fitted(TrendState state) {
        try {
            Field f = TrendState.class.getDeclaredField("level");
            f.setAccessible(true);
            return f.getDouble(state);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every rung's last fit, read from the state (a development aid: reflection, not an API). */
    private static void printFits(TrendState state) {
        try {
            Field f = TrendState.class.getDeclaredField("fitted");
            f.setAccessible(true);
            Field fits = RungFits.class.getDeclaredField("fits");
            fits.setAccessible(true);
            LevelRing[] rungs = rungs(state);
            long settled = settled(state);
            Method pace = TrendState.class.getDeclaredMethod("yesterdayPace", double.class);
            pace.setAccessible(true);
            Method lump = TrendState.class.getDeclaredMethod("dayOverDayLump", long.class);
            lump.setAccessible(true);
            Method dod = TrendState.class.getDeclaredMethod("dayOverDay");
            dod.setAccessible(true);
            Method swing = TrendState.class.getDeclaredMethod("hourlySwing", long.class);
            swing.setAccessible(true);
            System.out.printf("    swing %.3e%n", swing.invoke(state, Math.floorDiv(settled, 3_600_000L)));
            System.out.printf("    dod %.3e lump %.2f yesterday pace 3.2h %.3e 6.4h %.3e 12.8h %.3e%n", dod.invoke(state),
                    lump.invoke(state, Math.floorDiv(settled, 3_600_000L)), pace.invoke(state, 3.2), pace.invoke(state, 6.4),
                    pace.invoke(state, 12.8));
            if (Boolean.getBoolean("replay.levels")) {
                LevelRing r1 = rungs[1];
                long e1 = Math.floorDiv(settled, r1.width());
                StringBuilder sb = new StringBuilder("    levels of rung 1 (oldest first):");
                for (long i = e1 - 12; i < e1; i++) {
                    sb.append(String.format(" %.3f", r1.value(i) / 1e9));
                }
                LevelRing r3 = rungs[3];
                long e3 = Math.floorDiv(settled, r3.width());
                sb.append("\n    levels of rung 3 (oldest first):");
                for (long i = e3 - 12; i < e3; i++) {
                    sb.append(String.format(" %.3f", r3.value(i) / 1e9));
                }
                System.out.println(sb);
            }
            int k = 0;
            for (RungFit fit : (RungFit[]) fits.get(f.get(state))) {
                long end = Math.floorDiv(settled, rungs[k].width());
                System.out.printf("    bend t %.2f %s%n", FloorBend.curvature(rungs[k], end, TrendToLimitAnalysis.POINTS), fit);
                k++;
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each bend rung's curvature t, the raw and fitted level, and the payback's state (-Dreplay.bend.from/.to). */
    private static void printBend(TrendState state, double h, Assessment as) {
        try {
            LevelRing[] rungs = rungs(state);
            long settled = settled(state);
            Field pb = TrendState.class.getDeclaredField("payback");
            pb.setAccessible(true);
            Object payback = pb.get(state);
            StringBuilder sb = new StringBuilder(String.format("  bend +%.2fh %s raw %.3f fit %.3f", h,
                    as.isAnomalous() ? "ANOM" : "norm", field(state, "rawLevel") / 1e9, fitted(state) / 1e9));
            for (int k = 2; k <= 4 && k < rungs.length; k++) {
                long end = Math.floorDiv(settled, rungs[k].width());
                sb.append(String.format(" t%d %.2f", k, FloorBend.curvature(rungs[k], end, TrendToLimitAnalysis.POINTS)));
            }
            if (payback != null) {
                sb.append(String.format(" freed %.3f at %d pace %.4f med %.3f", field(payback, "freed") / 1e9,
                        (settled / 60_000) - (long) field(payback, "freedAt"), field(payback, "freedPerBucket") / 1e9,
                        field(payback, "medianReclaim") / 1e9));
            }
            System.out.println(sb);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each newly closed finest bucket: source, bucket, fitted level, own level, last reclaim (-Dreplay.dump=true). */
    private static void dumpLevel(TrendState state, String source, Map<String, Long> last) {
        try {
            long b = (long) field(state, "levelBucket");
            if (last.getOrDefault(source, Long.MIN_VALUE) == b) {
                return;
            }
            last.put(source, b);
            Field pb = TrendState.class.getDeclaredField("payback");
            pb.setAccessible(true);
            Object payback = pb.get(state);
            long reclaim = payback == null ? Long.MIN_VALUE : (long) field(payback, "freedAt");
            System.out.printf("LV %s %d %.6f %.6f %d %.6f %.6f %.6f%n", source, b, fitted(state) / 1e9,
                    field(state, "rawLevel") / 1e9, reclaim, payback == null ? 0 : field(payback, "freed") / 1e9,
                    payback == null ? 0 : field(payback, "freedPerBucket") / 1e9,
                    payback == null ? 0 : field(payback, "medianReclaim") / 1e9);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state's rungs (reflection, as the rest of this aid). */
    private static LevelRing[] rungs(TrendState state) throws ReflectiveOperationException {
        Field r = TrendState.class.getDeclaredField("rungs");
        r.setAccessible(true);
        return (LevelRing[]) r.get(state);
    }

    /** How far the state's clock has settled. */
    private static long settled(TrendState state) throws ReflectiveOperationException {
        Field c = TrendState.class.getDeclaredField("clock");
        c.setAccessible(true);
        return ((Watermark) c.get(state)).settled();
    }

    private static double field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        Object v = f.get(o);
        return v instanceof Long l ? l : ((Number) v).doubleValue();
    }

    @Test
    void replay() throws IOException {
        String file = System.getProperty("replay.records");
        assumeThat(file).isNotNull();
        String metric = System.getProperty("replay.metric", "os.memory.used");
        String labelFilter = System.getProperty("replay.labels", "");
        String only = System.getProperty("replay.source", "");
        TrendToLimitAnalysis a = TrendToLimitAnalysis.create(MapParameters.of(params(System.getProperty("replay.rule",
                "host-memory-drift"))));
        Map<String, TrendState> states = new LinkedHashMap<>();
        Map<String, long[]> open = new HashMap<>();
        Map<String, Long> lastDumped = new HashMap<>();
        Map<String, List<String>> out = new LinkedHashMap<>();
        long t0 = -1;
        double dumpAt = Double.parseDouble(System.getProperty("replay.at", "-1"));
        double traceFrom = Double.parseDouble(System.getProperty("replay.trace.from", "-1"));
        double traceTo = Double.parseDouble(System.getProperty("replay.trace.to", "-1"));
        double bendFrom = Double.parseDouble(System.getProperty("replay.bend.from", "-1"));
        double bendTo = Double.parseDouble(System.getProperty("replay.bend.to", "-1"));
        try (BufferedReader r = Files.newBufferedReader(Path.of(file))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.contains("\"" + metric + "\"")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                if (!m.find() || !m.group(3).equals(metric) || !m.group(4).contains(labelFilter)) {
                    continue;
                }
                long ts = Long.parseLong(m.group(1));
                String source = m.group(2);
                if (!only.isEmpty() && !only.equals(source)) {
                    continue;
                }
                if (t0 < 0) {
                    t0 = ts;
                }
                double v = Double.parseDouble(m.group(5));
                double limit = m.group(6).equals("null") ? Double.NaN : Double.parseDouble(m.group(6));
                MetricSample s = MetricSample.gauge(ts, source, metric, Map.of(), v);
                if (!Double.isNaN(limit)) {
                    s = s.withLimit(limit);
                }
                Assessment as = states.computeIfAbsent(source, k -> (TrendState) a.newState()).observe(s);
                double h = (ts - t0) / 3.6e6;
                if (h >= traceFrom && h <= traceTo && Math.floorMod(ts / 60_000, Long.getLong("replay.trace.every", 4)) == 0) {
                    System.out.printf("  trace %s +%.2fh raw %.3f corrected %.3f%n", source, h, v / 1e9, fitted(states.get(source)) / 1e9);
                }
                if (Boolean.getBoolean("replay.dump")) {
                    dumpLevel(states.get(source), source, lastDumped);
                }
                if (h >= bendFrom && h <= bendTo && ts % 60_000 == 0) {
                    printBend(states.get(source), h, as);
                }
                if (Math.abs((ts - t0) / 3.6e6 - dumpAt) < 0.05) {
                    System.out.println("  dump " + source + " +" + (ts - t0) / 3.6e6 + "h " + as.condition() + " " + as.evidence());
                    printFits(states.get(source));
                }
                long[] o = open.computeIfAbsent(source, k -> new long[] {-1});
                if (as.isAnomalous() && o[0] < 0) {
                    o[0] = ts;
                    out.computeIfAbsent(source, k -> new ArrayList<>()).add(String.format("  %s +%.2fh %s %s", source,
                            (ts - t0) / 3.6e6, as.summary(), as.evidence().get("severity")));
                } else if (!as.isAnomalous() && o[0] >= 0) {
                    out.get(source).add(String.format("  %s    ends +%.2fh", source, (ts - t0) / 3.6e6));
                    o[0] = -1;
                }
            }
        }
        out.values().forEach(l -> l.forEach(System.out::println));
    }
}
