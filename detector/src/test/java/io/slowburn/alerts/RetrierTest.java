package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private final List<Duration> waits = new ArrayList<>();

    private Retrier retrier(Retrier.Policy policy) {
        return new Retrier(policy, d -> waits.add(d));
    }

    private static Supplier<Delivery> answers(Delivery... ds) {
        Deque<Delivery> q = new ArrayDeque<>(List.of(ds));
        return () -> q.size() > 1 ? q.pop() : q.peek();
    }

    @Test
    void retriesWithExponentialBackoffUntilDelivered() {
        Retrier.Result r = retrier(new Retrier.Policy(Duration.ofMillis(100), Duration.ofMillis(300), 10, null))
                .run(answers(Delivery.retry("503"), Delivery.retry("503"), Delivery.retry("503"), Delivery.retry("503"), Delivery.ok()));
        assertThat(r.last().isDelivered()).isTrue();
        assertThat(r.attempts()).isEqualTo(5);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void aRefusalIsNotRetried() {
        Retrier.Result r = retrier(new Retrier.Policy(Duration.ofMillis(100), Duration.ofMillis(300), 10, null))
                .run(answers(Delivery.rejected("HTTP 400"), Delivery.ok()));
        assertThat(r.last().outcome()).isEqualTo(Delivery.Outcome.REJECTED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void givesUpWhenTheAttemptsOrTheTimeAreSpent() {
        Retrier.Result r = retrier(new Retrier.Policy(Duration.ofMillis(1), Duration.ofMillis(1), 3, null))
                .run(answers(Delivery.retry("x")));
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.last().outcome()).isEqualTo(Delivery.Outcome.RETRY);

        long start = System.nanoTime();
        Retrier real = new Retrier(Retrier.Policy.forDuration(Duration.ofMillis(300), Duration.ofMillis(20)), Retrier.Pause.sleeping());
        Retrier.Result timed = real.run(answers(Delivery.retry("down")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofSeconds(2));
        assertThat(timed.attempts()).as("20, 40, 80 ms, then the rest: 5 unless the machine oversleeps").isBetween(2, 6);
        assertThat(timed.stopped()).isFalse();
    }

    @Test
    void aStopEndsTheWaitWithoutCallingItAFailure() {
        Retrier.Result r = new Retrier(Retrier.Policy.forDuration(Duration.ofMinutes(5), Duration.ofSeconds(1)), d -> false)
                .run(answers(Delivery.retry("down")));
        assertThat(r.stopped()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void classifiesHttpAnswers() {
        assertThat(Delivery.ofHttpStatus(202, "").isDelivered()).isTrue();
        for (int retry : new int[] {408, 429, 500, 502, 503}) {
            assertThat(Delivery.ofHttpStatus(retry, "").outcome()).as("HTTP %d", retry).isEqualTo(Delivery.Outcome.RETRY);
        }
        for (int refused : new int[] {301, 400, 401, 403, 404, 410, 422}) {
            assertThat(Delivery.ofHttpStatus(refused, "no").outcome()).as("HTTP %d", refused).isEqualTo(Delivery.Outcome.REJECTED);
        }
        assertThat(Delivery.ofHttpStatus(400, "invalid_payload").detail()).isEqualTo("HTTP 400 invalid_payload");
        assertThatThrownBy(() -> new Retrier.Policy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, null)).hasMessageContaining("bound");
    }
}
