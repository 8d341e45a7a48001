package io.slowburn.ingest.publish;

import io.slowburn.model.Event;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.LogManager;

/**
 * The one way telemetry leaves an adapter. {@link #publish} never blocks and never throws for a bad record: it
 * validates the record against the contract (a record that would not survive {@link RecordCodec}'s reader is never
 * sent), enforces a per-source cardinality limit, and puts the record into a bounded buffer that drops its OLDEST
 * record when full (fresh telemetry is worth more than stale, and a stalled broker must neither exhaust the heap of
 * the host being watched nor stall its collector). A daemon thread drains the buffer into the {@link RecordSink}.
 * A record the sink failed to deliver for a reason it calls transient ({@link RecordSink#retriable}: a broker
 * restarting outlasts the producer's own wait) goes back into the buffer, ahead of newer records and in the order the
 * failures came, and is sent again; it stays subject to the bound, so a long outage drops the oldest records, counted,
 * rather than growing the queue. {@link #close()} sends everything already accepted, flushes and closes the sink.
 */
public final class TelemetryPublisher implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(TelemetryPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RecordSink sink;
    private final RecordCodec codec;
    private final PublisherOptions options;
    private final PublisherMetrics metrics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<PublishedRecord> buffer = new ArrayDeque<>();
    /** Records to send again, oldest first; older than anything in {@code buffer}, and counted in the same bound. */
    private final ArrayDeque<PublishedRecord> retries = new ArrayDeque<>();
    private int inFlight;
    private boolean closing;

    /** Distinct series per source; guarded by {@code seriesLock}. */
    private final Map<String, Set<String>> seriesBySource = new HashMap<>();
    private final Object seriesLock = new Object();
    private final Set<String> cardinalityWarned = new HashSet<>();

    private final AtomicBoolean invalidWarned = new AtomicBoolean();
    private final AtomicBoolean overflowWarned = new AtomicBoolean();
    private final AtomicBoolean failureWarned = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread drainer;

    public TelemetryPublisher(RecordSink sink) {
        this(sink, PublisherOptions.defaults());
    }

    public TelemetryPublisher(RecordSink sink, PublisherOptions options) {
        this.sink = sink;
        this.options = options;
        this.codec = new RecordCodec();
        this.metrics = new PublisherMetrics(this::bufferSize);
        this.drainer = new Thread(this::drainLoop, "slowburn-publisher");
        drainer.setDaemon(true);
        drainer.start();
    }

    public PublisherMetrics metrics() {
        return metrics;
    }

    public void publishAll(Collection<? extends Observation> records) {
        for (Observation o : records) {
            publish(o);
        }
    }

    /** Validates and enqueues one record. Returns whether it was accepted (it may still be displaced later). */
    public boolean publish(Observation record) {
        if (closed.get()) {
            throw new IllegalStateException("publisher is closed");
        }
        PublishedRecord validated;
        try {
            validated = validate(record);
        } catch (InvalidRecordException | RuntimeException e) {
            metrics.dropped(DropReason.INVALID);
            if (invalidWarned.compareAndSet(false, true)) {
                LOG.warn("dropping invalid record (further ones are logged at debug): {}: {}", e.getMessage(), record);
            } else {
                LOG.debug("dropping invalid record: {}: {}", e.getMessage(), record);
            }
            return false;
        }
        if (validated.stream() == Stream.METRIC && !admitSeries(((MetricSample) record).source(), validated.key())) {
            metrics.dropped(DropReason.CARDINALITY);
            return false;
        }
        enqueue(validated);
        return true;
    }

    /**
     * Serializes with the codec and reads the bytes back with the codec's validating reader: the same check a
     * consumer applies, so what passes here is what the detector will accept.
     */
    private PublishedRecord validate(Observation record) throws InvalidRecordException {
        if (record instanceof MetricSample m) {
            byte[] value = codec.bytes(codec.toJson(m));
            codec.readMetric(value);
            return new PublishedRecord(Stream.METRIC, m.seriesId(), m.ts(), m, value);
        }
        if (record instanceof Event e) {
            byte[] value = codec.bytes(codec.toJson(e));
            codec.readEvent(value);
            return new PublishedRecord(Stream.EVENT, e.source(), e.ts(), e, value);
        }
        throw new InvalidRecordException("not a metric sample or an event: " + (record == null ? "null" : record.getClass().getName()));
    }

    private boolean admitSeries(String source, String seriesId) {
        synchronized (seriesLock) {
            Set<String> series = seriesBySource.computeIfAbsent(source, s -> new HashSet<>());
            if (series.contains(seriesId)) {
                return true;
            }
            if (series.size() < options.maxSeriesPerSource()) {
                series.add(seriesId);
                return true;
            }
            if (cardinalityWarned.add(source)) {
                LOG.warn("source '{}' reached {} distinct series: new series are dropped (first dropped: '{}')",
                        source, options.maxSeriesPerSource(), seriesId);
            }
            return false;
        }
    }

    private void enqueue(PublishedRecord record) {
        lock.lock();
        try {
            if (buffer.size() + retries.size() >= options.bufferCapacity()) {
                dropOldest();
                if (overflowWarned.compareAndSet(false, true)) {
                    LOG.warn("publish buffer full ({} records): dropping the oldest records; is the sink reachable?",
                            options.bufferCapacity());
                }
            }
            buffer.addLast(record);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: makes room by dropping the oldest record waiting, a retry first. */
    private void dropOldest() {
        if (retries.pollFirst() == null) {
            buffer.pollFirst();
        }
        metrics.dropped(DropReason.BUFFER_FULL);
    }

    int bufferSize() {
        lock.lock();
        try {
            return buffer.size() + retries.size();
        } finally {
            lock.unlock();
        }
    }

    private void drainLoop() {
        while (true) {
            PublishedRecord next;
            lock.lock();
            try {
                while (buffer.isEmpty() && retries.isEmpty() && !closing) {
                    notEmpty.await();
                }
                if (buffer.isEmpty() && retries.isEmpty()) {
                    drained.signalAll();
                    return;
                }
                next = retries.isEmpty() ? buffer.pollFirst() : retries.pollFirst();
                inFlight++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            PublishedRecord sending = next;
            try {
                sink.send(sending, failure -> completed(sending, failure));
            } catch (RuntimeException e) {
                completed(sending, e);
            }
        }
    }

    private void completed(PublishedRecord record, Exception failure) {
        if (failure == null) {
            metrics.sent();
        } else if (sink.retriable(failure)) {
            metrics.retried();
            LOG.debug("sink could not deliver a record yet, sending it again: {}", failure.toString());
            requeue(record);
            return;
        } else {
            metrics.failed();
            if (failureWarned.compareAndSet(false, true)) {
                LOG.warn("sink could not deliver a record (further failures are logged at debug): {}", failure.toString());
            } else {
                LOG.debug("sink could not deliver a record: {}", failure.toString());
            }
        }
        lock.lock();
        try {
            inFlight--;
            if (inFlight == 0 && buffer.isEmpty() && retries.isEmpty()) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A failed record back in line, behind earlier failures and ahead of everything newer; the bound still holds. */
    private void requeue(PublishedRecord record) {
        lock.lock();
        try {
            inFlight--;
            if (buffer.size() + retries.size() >= options.bufferCapacity()) {
                // It is the oldest record there is: it is the one the bound drops.
                metrics.dropped(DropReason.BUFFER_FULL);
            } else {
                retries.addLast(record);
            }
            notEmpty.signal();
            if (inFlight == 0 && buffer.isEmpty() && retries.isEmpty()) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything accepted so far has been handed to the sink, then flushes the sink. */
    public void flush() {
        awaitDrained(CLOSE_TIMEOUT);
        sink.flush();
    }

    private boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            notEmpty.signal();
            while (!buffer.isEmpty() || !retries.isEmpty() || inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!drainer.isAlive() && (!buffer.isEmpty() || !retries.isEmpty()))) {
                    return false;
                }
                drained.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting, sends what was accepted, flushes and closes the sink. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            closing = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            drainer.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.flush();
        } catch (RuntimeException e) {
            LOG.warn("flushing the sink on close failed: {}", e.toString());
        } finally {
            sink.close();
        }
        int left = bufferSize();
        if (left > 0) {
            LOG.warn("closed with {} records not handed to the sink", left);
        }
    }
}
