package io.slowburn.ingest;

import io.slowburn.ingest.publish.TelemetryPublisher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.LogManager;

/**
 * Polls a {@link Collector} at a fixed interval and publishes what it returns. {@link #start()} runs in the
 * background on a daemon thread; {@link #run()} blocks until {@link #close()} (from a shutdown hook or another
 * thread). Closing stops polling, closes the collector, then closes the publisher (which flushes).
 */
public final class IngestRunner implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(IngestRunner.class);

    private final Collector collector;
    private final TelemetryPublisher publisher;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();

    public IngestRunner(Collector collector, TelemetryPublisher publisher, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got '" + interval + "'");
        }
        this.collector = collector;
        this.publisher = publisher;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slowburn-ingest-poll");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts polling in the background: the first poll is immediate. */
    public IngestRunner start() {
        if (started.compareAndSet(false, true)) {
            scheduler.scheduleAtFixedRate(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Starts and blocks until {@link #close()}. */
    public void run() throws InterruptedException {
        start();
        stopped.await();
    }

    /** One poll and publish, on the caller's thread (tests, one-shot use). Never throws. */
    public void pollOnce() {
        try {
            List<io.slowburn.model.Observation> records = collector.poll();
            publisher.publishAll(records);
            if (polls.incrementAndGet() == 1) {
                List<String> caps = collector.capabilities();
                LOG.info("first poll published {} records; {} limitation(s){}", records.size(), caps.size(),
                        caps.isEmpty() ? "" : ": " + String.join("; ", caps));
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep polling whatever went wrong this time.
            LOG.warn("poll failed: {}", e.toString(), e);
        }
    }

    public long polls() {
        return polls.get();
    }

    public TelemetryPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            collector.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the collector failed: {}", e.toString());
        }
        publisher.close();
        stopped.countDown();
    }
}
