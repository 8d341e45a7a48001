package io.slowburn.ingest.simulate;

/**
 * An experiment declaration ready to publish: its id (the record key), when it is declared (event time of the
 * {@code stream: experiment} record) and its JSON text exactly as signed (or tampered with) — written as is, never
 * re-serialized, so that numbers keep the decimal text the signature covers.
 *
 * @param authenticity what the scenario meant it to be: {@code signed}, {@code unsigned} or {@code tampered}
 */
public record ExperimentSpec(String id, long declaredAt, String json, String authenticity) {
}
