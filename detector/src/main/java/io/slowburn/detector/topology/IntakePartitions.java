package io.slowburn.detector.topology;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorService;
import java.util.function.IntSupplier;

/**
 * How many intake tasks there are (the partitions of the telemetry topics), which the watermarks wait for: the
 * configured {@code intake.partitions}, or, when that is 0, looked up from the broker once, when a task first asks.
 */
final class IntakePartitions implements IntSupplier {

    private final DetectorConfig config;
    private volatile int value;

    IntakePartitions(DetectorConfig config) {
        this.config = config;
        this.value = config.getInt(DetectorConfig.INTAKE_PARTITIONS);
    }

    @Override
    public int getAsInt() {
        if (value == 0) {
            synchronized (this) {
                if (value == 0) {
                    try {
                        value = DetectorService.intakePartitions(config);
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot look up the partitions of the telemetry topics: " + e.getMessage(), e);
                    }
                }
            }
        }
        return value;
    }
}
