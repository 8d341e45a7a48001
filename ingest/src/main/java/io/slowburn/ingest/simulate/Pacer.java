package io.slowburn.ingest.simulate;

import java.util.function.LongSupplier;

/**
 * Replays event time at {@code speed} event-seconds per wall-second: before a record is sent, waits until the wall
 * clock has caught up with the record's event time. Speed 0 means as fast as possible. The clock and the sleeper are
 * injected so that tests check the pacing without sleeping.
 */
public final class Pacer {

    /** Sleeps; the real one is {@link Thread#sleep(long)}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final double speed;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long firstEventTs = Long.MIN_VALUE;
    private long wallStartNanos;

    public Pacer(double speed, LongSupplier nanoTime, Sleeper sleeper) {
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be positive, or 0 for as fast as possible");
        }
        this.speed = speed;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** The real clock. */
    public static Pacer realTime(double speed) {
        return new Pacer(speed, System::nanoTime, Thread::sleep);
    }

    /** Parses {@code --speed}: a positive number, or {@code 0} / {@code max} for as fast as possible. */
    public static double parseSpeed(String text) {
        if (text == null || text.isBlank() || "max".equalsIgnoreCase(text.trim())) {
            return 0;
        }
        try {
            double s = Double.parseDouble(text.trim());
            if (s < 0 || !Double.isFinite(s)) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--speed: expected event-seconds per second (e.g. 3600), 0 or max, got '" + text + "'");
        }
    }

    public boolean unlimited() {
        return speed == 0;
    }

    /** Blocks until the wall clock reaches the moment {@code eventTs} is due. */
    public void await(long eventTs) throws InterruptedException {
        if (unlimited()) {
            return;
        }
        if (firstEventTs == Long.MIN_VALUE) {
            firstEventTs = eventTs;
            wallStartNanos = nanoTime.getAsLong();
            return;
        }
        double dueNanos = (eventTs - firstEventTs) * 1e6 / speed;
        long elapsed = nanoTime.getAsLong() - wallStartNanos;
        long waitMs = (long) Math.floor((dueNanos - elapsed) / 1e6);
        if (waitMs > 0) {
            sleeper.sleep(waitMs);
        }
    }
}
