package io.slowburn.alerts;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Repeats an attempt that asks for a retry, with exponential backoff ({@code initialBackoff}, doubled each time, at most
 * {@code maxBackoff}), until it is delivered, refused, or the budget is spent: {@code maxAttempts} attempts (0: no limit)
 * and {@code giveUpAfter} since the first attempt ({@code null}: no limit). Pauses through a {@link Pause}, so a stop
 * request ends the wait at once; a stopped retry is reported as such, never as a failure.
 */
public final class Retrier {

    /** The budget and the backoff of one delivery. */
    public record Policy(Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration giveUpAfter) {

        public Policy {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoff must be 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
            }
            if (maxAttempts < 0) {
                throw new IllegalArgumentException("maxAttempts must be at least 0 (0: no limit), got " + maxAttempts);
            }
            if (maxAttempts == 0 && giveUpAfter == null) {
                throw new IllegalArgumentException("a retry needs a bound: maxAttempts or giveUpAfter");
            }
        }

        /** Retries for {@code giveUpAfter}, from {@code initial} up to a backoff of one minute. */
        public static Policy forDuration(Duration giveUpAfter, Duration initial) {
            Duration max = Duration.ofMinutes(1).compareTo(initial) < 0 ? initial : Duration.ofMinutes(1);
            return new Policy(initial, max, 0, giveUpAfter);
        }
    }

    /** Waits; returns false when a stop was requested meanwhile. */
    @FunctionalInterface
    public interface Pause {
        boolean sleep(Duration d);

        /** A plain sleep that an interrupt ends. */
        static Pause sleeping() {
            return d -> {
                try {
                    Thread.sleep(d.toMillis());
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            };
        }
    }

    /** The last attempt's answer, how many attempts were made, and whether a stop ended the retries. */
    public record Result(Delivery last, int attempts, boolean stopped) {
    }

    private final Policy policy;
    private final Pause pause;

    public Retrier(Policy policy, Pause pause) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public Policy policy() {
        return policy;
    }

    public Result run(Supplier<Delivery> attempt) {
        long start = System.nanoTime();
        Duration backoff = policy.initialBackoff();
        int attempts = 0;
        while (true) {
            Delivery d = attempt.get();
            attempts++;
            if (d.outcome() != Delivery.Outcome.RETRY) {
                return new Result(d, attempts, false);
            }
            if (policy.maxAttempts() > 0 && attempts >= policy.maxAttempts()) {
                return new Result(d, attempts, false);
            }
            if (policy.giveUpAfter() != null) {
                // Whole milliseconds: a wait shorter than one would not sleep at all, and the loop would spin.
                long leftMs = policy.giveUpAfter().minusNanos(System.nanoTime() - start).toMillis();
                if (leftMs < 1) {
                    return new Result(d, attempts, false);
                }
                // The last wait ends at the deadline, so a receiver back by then still gets one try.
                backoff = backoff.toMillis() > leftMs ? Duration.ofMillis(leftMs) : backoff;
            }
            if (!pause.sleep(backoff)) {
                return new Result(d, attempts, true);
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : doubled;
        }
    }
}
