package io.slowburn.bench.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.analysis.anomaly.TimestampReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Numenta Anomaly Benchmark read from a checkout of github.com/numenta/NAB: every {@code data/**.csv} with its
 * windows from {@code labels/combined_windows.json} (window limits are timestamps of the file's rows).
 */
public final class NabCorpus {

    private NabCorpus() {
    }

    public static List<LabelledSeries> load(Path nabRoot) throws IOException {
        Path windowsFile = nabRoot.resolve("labels").resolve("combined_windows.json");
        if (!Files.isRegularFile(windowsFile)) {
            throw new IOException(nabRoot + " is not a NAB checkout: no " + windowsFile);
        }
        JsonNode windows = new ObjectMapper().readTree(windowsFile.toFile());
        Map<String, JsonNode> byFile = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : windows.properties()) {
            byFile.put(e.getKey(), e.getValue());
        }
        List<LabelledSeries> corpus = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : byFile.entrySet()) {
            corpus.add(read(nabRoot.resolve("data").resolve(e.getKey()), e.getKey(), e.getValue()));
        }
        return corpus;
    }

    private static LabelledSeries read(Path file, String name, JsonNode windowLimits) throws IOException {
        List<Long> ts = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        TimestampReader times = new TimestampReader();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                try {
                    ts.add(times.read(f[0]));
                    values.add(Double.parseDouble(f[1]));
                } catch (RuntimeException ex) {
                    throw new IOException(file + ": line " + lineNo + ": " + ex.getMessage(), ex);
                }
            }
        }
        Map<Long, Integer> index = new HashMap<>();
        long[] t = new long[ts.size()];
        double[] v = new double[ts.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = ts.get(i);
            v[i] = values.get(i);
            index.putIfAbsent(t[i], i);
        }
        List<LabelledSeries.Window> w = new ArrayList<>();
        for (JsonNode limit : windowLimits) {
            w.add(new LabelledSeries.Window(rowOf(index, limit.get(0).asText(), file), rowOf(index, limit.get(1).asText(), file)));
        }
        return new LabelledSeries(name, t, v, w);
    }

    private static int rowOf(Map<Long, Integer> index, String timestamp, Path file) throws IOException {
        Integer row = index.get(TimestampReader.parse(timestamp));
        if (row == null) {
            throw new IOException(file + ": window limit " + timestamp + " is not a row's timestamp");
        }
        return row;
    }
}
