/**
 * The offline driver: {@code slowburn backtest} reads JSON Lines in event-time order and runs the same engine stages
 * as the topology, in one process without Kafka ({@link io.slowburn.detector.backtest.OfflineDetector}), so that its
 * alerts equal the live run's byte for byte; {@link io.slowburn.detector.backtest.BacktestDiff} compares two runs.
 */
package io.slowburn.detector.backtest;
