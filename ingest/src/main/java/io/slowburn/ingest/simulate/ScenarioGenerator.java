package io.slowburn.ingest.simulate;

import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;

/**
 * Produces every record of a scenario in event-time order, lazily: one step of the whole fleet is buffered at a time
 * (a few records per host), so a 7-day, 50-host scenario streams in constant memory. Within a step, records are
 * ordered by time, then experiment declarations before host records, then host position, then the order a host
 * produced them: the output is the same, byte for byte, on every run with the same seed. No wall clock anywhere.
 */
public final class ScenarioGenerator implements Iterable<ScenarioRecord> {

    private static final Comparator<Pending> ORDER = Comparator.comparingLong((Pending p) -> p.record.ts())
            .thenComparingInt(p -> p.origin).thenComparingInt(p -> p.seq);

    private final Scenario scenario;
    private final RecordCodec codec = new RecordCodec();

    public ScenarioGenerator(Scenario scenario) {
        this.scenario = scenario;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** A fresh pass over the scenario (each call starts again from the beginning). */
    @Override
    public Iterator<ScenarioRecord> iterator() {
        return new Pass();
    }

    /** The records as a sequential, ordered stream (lazy). */
    public java.util.stream.Stream<ScenarioRecord> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** A record waiting in the current step's buffer, with what breaks ties. */
    private record Pending(ScenarioRecord record, int origin, int seq) {
    }

    private final class Pass implements Iterator<ScenarioRecord> {

        private final List<HostModel> hosts = new ArrayList<>();
        private final List<ExperimentSpec> experiments;
        private final List<Pending> buffer = new ArrayList<>();
        private int nextExperiment;
        private int position;
        private long t;

        Pass() {
            for (int i = 0; i < scenario.hosts().size(); i++) {
                hosts.add(new HostModel(scenario.hosts().get(i), i, scenario, codec));
            }
            experiments = scenario.experiments().stream()
                    .sorted(Comparator.comparingLong(ExperimentSpec::declaredAt).thenComparing(ExperimentSpec::id)).toList();
            t = scenario.start();
        }

        @Override
        public boolean hasNext() {
            while (position >= buffer.size()) {
                if (t >= scenario.end() && nextExperiment >= experiments.size()) {
                    return false;
                }
                fill();
            }
            return true;
        }

        @Override
        public ScenarioRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.get(position++).record;
        }

        /** Buffers the step starting at {@code t}: declarations due before its end, then every host's records. */
        private void fill() {
            buffer.clear();
            position = 0;
            boolean last = t >= scenario.end() || t + scenario.stepMs() >= scenario.end();
            long windowEnd = t + scenario.stepMs();
            int seq = 0;
            while (nextExperiment < experiments.size() && (last || experiments.get(nextExperiment).declaredAt() < windowEnd)) {
                ExperimentSpec e = experiments.get(nextExperiment++);
                buffer.add(new Pending(new ScenarioRecord(Stream.EXPERIMENT, e.id(), e.declaredAt(), null,
                        e.json().getBytes(StandardCharsets.UTF_8)), -1, seq++));
            }
            if (t < scenario.end()) {
                for (int h = 0; h < hosts.size(); h++) {
                    int origin = h;
                    int[] n = {0};
                    hosts.get(h).tick(t, r -> buffer.add(new Pending(r, origin, n[0]++)));
                }
            }
            buffer.sort(ORDER);
            t = windowEnd;
        }
    }
}
