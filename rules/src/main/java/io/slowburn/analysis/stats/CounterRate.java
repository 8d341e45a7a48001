package io.slowburn.analysis.stats;

/**
 * Turns the successive values of a cumulative counter into increments. A drop means the process restarted and
 * its counter began again at zero, so the new value itself is the increment since the restart (as Prometheus'
 * {@code rate()} treats resets). The first value seen gives no increment: what happened before is unknown.
 */
public final class CounterRate {

    private CounterRate() {
    }

    /** An increment and whether a reset was seen. */
    public record Step(double increment, boolean reset) {
        public static final Step NONE = new Step(0, false);
    }

    /**
     * @param previous the previous cumulative value, or NaN when there is none
     * @param current the new cumulative value
     */
    public static Step step(double previous, double current) {
        if (Double.isNaN(previous) || Double.isNaN(current)) {
            return Step.NONE;
        }
        if (current < previous) {
            return new Step(Math.max(0, current), true);
        }
        return new Step(current - previous, false);
    }
}
