package io.slowburn.ingest.simulate;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The command {@code slowburn ingest simulate --scenario FILE|NAME [--speed N] [--output FILE] [--truth FILE]
 * [--bootstrap-servers H:P] [--topic-prefix P]}: loads the scenario, generates its records in event-time order and
 * writes them to a JSON Lines file (as fast as possible) or to Kafka (paced at {@code --speed}).
 * <p>
 * {@link #run()} returns 0 when every record was written and 1 when the sink failed (Kafka down, disk full). Bad
 * input — a scenario file with a problem (the message names {@code file:line:col}), an unknown scenario, a bad speed,
 * neither an output file nor Kafka — throws {@link IllegalArgumentException} for the CLI to report with exit code 2.
 */
public final class SimulateRunner {

    private final SimulateOptions options;
    private final PrintStream progress;
    private final Function<SimulateOptions, ScenarioSink> sinks;
    private final LongSupplier nanoTime;
    private final Pacer.Sleeper sleeper;

    public SimulateRunner(SimulateOptions options, PrintStream progress) {
        this(options, progress, SimulateRunner::openSink, System::nanoTime, Thread::sleep);
    }

    /** With an injected sink factory, clock and sleeper (tests). */
    public SimulateRunner(SimulateOptions options, PrintStream progress, Function<SimulateOptions, ScenarioSink> sinks,
                          LongSupplier nanoTime, Pacer.Sleeper sleeper) {
        this.options = options;
        this.progress = progress;
        this.sinks = sinks;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** {@code --output FILE} wins; otherwise Kafka at {@code --bootstrap-servers}. */
    static ScenarioSink openSink(SimulateOptions o) {
        if (o.output() != null) {
            return new JsonLinesScenarioSink(o.output());
        }
        if (o.bootstrapServers() == null || o.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("give --bootstrap-servers or --output");
        }
        return new KafkaScenarioSink(o.bootstrapServers(), o.topicPrefix(), o.producerOverrides());
    }

    /**
     * Generates and writes the whole scenario.
     *
     * @return 0 on success, 1 when the sink failed
     * @throws IllegalArgumentException bad scenario or options (exit code 2)
     * @throws InterruptedException when interrupted while pacing
     */
    public int run() throws InterruptedException {
        if (options.scenario() == null || options.scenario().isBlank()) {
            throw new IllegalArgumentException("give --scenario FILE or one of: " + String.join(", ", ScenarioCatalog.names()));
        }
        double speed = options.output() != null ? 0 : Pacer.parseSpeed(options.speed() == null ? SimulateOptions.DEFAULT_SPEED
                : options.speed());
        Scenario scenario = ScenarioCatalog.load(options.scenario());
        if (options.truth() != null) {
            // written first: the truth does not depend on the sink, and a failed sink still leaves it to read
            ScenarioTruth.write(ScenarioTruth.of(scenario), options.truth());
        }
        Pacer pacer = new Pacer(speed, nanoTime, sleeper);
        long started = nanoTime.getAsLong();
        long count = 0;
        progress.printf(Locale.ROOT, "simulate: scenario '%s', %d host(s), %.1f h of event time at %ds steps, %s%n", scenario.name(),
                scenario.hosts().size(), scenario.durationMs() / 3_600_000.0, scenario.stepMs() / 1000,
                options.output() != null ? "to " + options.output() : "to Kafka, " + (pacer.unlimited() ? "as fast as possible"
                        : speed + " event-seconds per second"));
        try (ScenarioSink sink = sinks.apply(options)) {
            for (ScenarioRecord r : new ScenarioGenerator(scenario)) {
                pacer.await(r.ts());
                sink.write(r);
                count++;
            }
            sink.flush();
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            progress.println("simulate: failed after " + count + " records: " + e.getMessage());
            return 1;
        }
        progress.printf(Locale.ROOT, "simulate: wrote %,d records in %.1f s%n", count, (nanoTime.getAsLong() - started) / 1e9);
        return 0;
    }
}
