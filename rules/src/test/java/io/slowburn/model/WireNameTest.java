package io.slowburn.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Wire names come from one default method: the constant's name in lowercase, unless the enum says otherwise (Fault). */
class WireNameTest {

    private static final List<Class<? extends Enum<?>>> DEFAULT_NAMED = List.of(AlertStatus.class, Containment.class,
            MetricType.class, Severity.class, Signal.class, Stream.class, Verdict.class);

    @Test
    void shouldNameEveryConstantInLowercaseAndParseItBack() {
        for (Class<? extends Enum<?>> type : DEFAULT_NAMED) {
            for (Enum<?> e : type.getEnumConstants()) {
                String wire = ((WireName) e).wire();
                assertThat(wire).as(type.getSimpleName() + "." + e.name()).isEqualTo(e.name().toLowerCase(Locale.ROOT));
                assertThat(wire).as("the same string every time").isSameAs(((WireName) e).wire());
            }
        }
        assertThat(Signal.MEMORY_DRIFT.wire()).isEqualTo("memory_drift");
        assertThat(Signal.fromWire("memory_drift")).isSameAs(Signal.MEMORY_DRIFT);
        assertThat(Verdict.fromWire("breach")).isSameAs(Verdict.BREACH);
        assertThat(Stream.fromWire("experiment")).isSameAs(Stream.EXPERIMENT);
        assertThat(Severity.WARNING).hasToString("warning");
    }

    @Test
    void shouldKeepTheDottedNamesOfFaults() {
        assertThat(Fault.PROCESS_KILL.wire()).isEqualTo("process.kill");
        assertThat(Fault.fromWire("network.latency")).isSameAs(Fault.NETWORK_LATENCY);
        assertThat(Fault.fromWire("network_latency")).as("not the constant's name").isNull();
    }

    @Test
    void shouldFindNothingForAnUnknownOrMissingName() {
        assertThat(Signal.fromWire("MEMORY_DRIFT")).as("wire names are lowercase").isNull();
        assertThat(Signal.fromWire("nope")).isNull();
        assertThat(Signal.fromWire(null)).isNull();
    }
}
