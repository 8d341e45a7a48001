/**
 * Rule unit tests ({@code slowburn rules test}, rules/TUNING.md): each test's input series, events and experiments go
 * through the offline driver, and the alerts at each {@code eval_time} are compared with the expected ones.
 */
package io.slowburn.detector.ruletest;
