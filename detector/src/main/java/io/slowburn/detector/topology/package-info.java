/**
 * The live driver: the Kafka Streams topology ({@link io.slowburn.detector.topology.DetectorTopology}) and its thin
 * processors, each of which decodes a record, calls one engine stage ({@code io.slowburn.engine}) and forwards what
 * it emits; the state stores behind the engine's state interface, the event-time extractor, the source routing and
 * the dead-letter hand-off. Nothing here decides anything the engine does not.
 */
package io.slowburn.detector.topology;
