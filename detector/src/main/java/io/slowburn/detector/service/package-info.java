/**
 * The running service around the topology: its configuration ({@link io.slowburn.detector.service.DetectorConfig}),
 * start and stop ({@link io.slowburn.detector.service.DetectorService}), rule sources and hot reload, trusted keys,
 * metrics and the HTTP endpoint ({@code /metrics}, {@code /healthz}, {@code /ready}), and the engine stages' settings
 * as the configuration gives them to both drivers ({@link io.slowburn.detector.service.StageSettings}).
 */
package io.slowburn.detector.service;
