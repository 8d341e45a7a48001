package io.slowburn.analysis.bench;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.latency.RankShiftAnalysis;
import io.slowburn.analysis.rate.GcFractionAnalysis;
import io.slowburn.analysis.rate.RateRatioAnalysis;
import io.slowburn.analysis.trend.TrendToLimitAnalysis;
import io.slowburn.model.MetricSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Feeds ~1M samples (10 s apart, ~116 days of event time) through each analysis and prints the cost per sample,
 * in memory and with the state serialized and read back around every sample (as a state store without a cache
 * would), and the serialized bytes per series. Not a unit test: run it by hand.
 */
public final class AnalysisBench {

    private static final long T0 = 1_772_409_600_000L;
    private static final int SAMPLES = 1_000_000;
    private static final long STEP = 10_000L;

    private AnalysisBench() {
    }

    public static void main(String[] args) throws IOException {
        Random r = new Random(1);
        bench("trend_to_limit (floor, 3d)", TrendToLimitAnalysis.create(MapParameters.of(Map.of("floor", true))),
                t -> MetricSample.gauge(t, "h", "jvm.memory.heap.used", Map.of(), 1e9 + 3e8 * ((t / STEP) % 40) / 40.0
                        + 1e7 * r.nextGaussian()).withLimit(4e9));
        bench("trend_to_limit (floor, 7d)", TrendToLimitAnalysis.create(MapParameters.of(Map.of("floor", true, "window", "7d"))),
                t -> MetricSample.gauge(t, "h", "jvm.memory.heap.used", Map.of(), 1e9 + 3e8 * ((t / STEP) % 40) / 40.0
                        + 1e7 * r.nextGaussian()).withLimit(4e9));
        double[] counters = new double[2];
        bench("rate_ratio", RateRatioAnalysis.create(MapParameters.of(Map.of())), t -> {
            boolean retries = (t / STEP) % 2 == 0;
            int k = retries ? 0 : 1;
            counters[k] += retries ? r.nextInt(10) : 500 + r.nextInt(100);
            return MetricSample.counter(t, "h", retries ? "app.retries" : "app.requests", Map.of("instance", "a"), counters[k]);
        });
        double[] gc = new double[1];
        bench("gc_fraction", GcFractionAnalysis.create(MapParameters.of(Map.of())), t -> {
            gc[0] += r.nextDouble() * 0.5;
            return MetricSample.counter(t, "h", "jvm.gc.time", Map.of(), gc[0]);
        });
        bench("rank_shift", RankShiftAnalysis.create(MapParameters.of(Map.of())),
                t -> MetricSample.gauge(t, "h", "app.latency.p99", Map.of(), 120 * (1 + 0.3 * Math.sin(t / 13_750_987.0))
                        * (1 + 0.1 * r.nextGaussian())));
    }

    private static void bench(String name, Analysis analysis, LongFunction<MetricSample> source) throws IOException {
        MetricSample[] samples = new MetricSample[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = source.apply(T0 + i * STEP);
        }
        run(analysis, samples, SAMPLES / 5);
        long inMemory = run(analysis, samples, SAMPLES);
        AnalysisState state = analysis.newState();
        int anomalies = 0;
        for (MetricSample s : samples) {
            anomalies += state.observe(s).isAnomalous() ? 1 : 0;
        }
        int bytes = serialize(state).length;
        int storeSamples = SAMPLES / 5;
        long withStore = runThroughBytes(analysis, samples, storeSamples);
        System.out.printf(Locale.ROOT, "%-28s %7.0f ns/sample in memory, %7.0f ns/sample with a serialize+read per sample,"
                + " %5d bytes/series (%d anomalous of %d)%n", name, (double) inMemory / SAMPLES, (double) withStore / storeSamples,
                bytes, anomalies, SAMPLES);
    }

    private static long run(Analysis analysis, MetricSample[] samples, int n) {
        AnalysisState state = analysis.newState();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            state.observe(samples[i]);
        }
        return System.nanoTime() - start;
    }

    private static long runThroughBytes(Analysis analysis, MetricSample[] samples, int n) throws IOException {
        byte[] bytes = serialize(analysis.newState());
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            AnalysisState state = analysis.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
            state.observe(samples[i]);
            bytes = serialize(state);
        }
        return System.nanoTime() - start;
    }

    private static byte[] serialize(AnalysisState state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        state.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
