package io.slowburn.detector.service;

import io.slowburn.detector.audit.AuditSeals;
import io.slowburn.engine.IntakeClock;
import io.slowburn.engine.SourceStage;
import io.slowburn.engine.VerdictDesk;
import java.util.Set;

/**
 * The engine stages' settings as the detector's configuration gives them: one reading for both drivers, the Kafka
 * Streams processors and {@code backtest}, so that the two cannot judge the same records with different settings.
 */
public final class StageSettings {

    private StageSettings() {
    }

    /** The intake clock of the series stage: future skew, series idle time, watermark and sweep intervals. */
    public static IntakeClock.Settings intakeClock(DetectorConfig config) {
        return new IntakeClock.Settings(config.getLong(DetectorConfig.MAX_FUTURE_SKEW_MS),
                config.getLong(DetectorConfig.STATE_SERIES_TTL_MS), config.getLong(DetectorConfig.WATERMARK_INTERVAL_MS),
                config.getLong(DetectorConfig.STATE_SWEEP_INTERVAL_MS));
    }

    /** The source stage's, fed by {@code intakeTasks} intake tasks, keeping up to {@code cachedStates} rule states. */
    public static SourceStage.Settings sourceStage(DetectorConfig config, int intakeTasks, int cachedStates) {
        return new SourceStage.Settings(config.getLong(DetectorConfig.TICK_INTERVAL_MS),
                config.getLong(DetectorConfig.STATE_SWEEP_INTERVAL_MS),
                config.getLong(DetectorConfig.STATE_SERIES_TTL_MS), config.getLong(DetectorConfig.WATERMARK_IDLE_MS), intakeTasks,
                cachedStates);
    }

    /** The verdict desk's, fed by {@code upstreamTasks} tasks. */
    public static VerdictDesk.Settings verdictDesk(DetectorConfig config, int upstreamTasks) {
        return new VerdictDesk.Settings(Set.copyOf(config.getList(DetectorConfig.CORRELATION_SIGNALS)),
                config.getLong(DetectorConfig.CORRELATION_WINDOW_MS), config.getLong(DetectorConfig.WATERMARK_IDLE_MS), upstreamTasks,
                AuditSeals.of(config));
    }
}
