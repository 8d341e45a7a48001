package io.slowburn.verdict;

import static io.slowburn.verdict.Fixtures.HOUR;
import static io.slowburn.verdict.Fixtures.T0;
import static io.slowburn.verdict.Fixtures.declaration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.Fault;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DeclarationParserTest {

    private final DeclarationParser parser = new DeclarationParser();

    private static String reason(Consumer<ObjectNode> change) {
        ObjectNode d = declaration();
        change.accept(d);
        try {
            new DeclarationParser().parse(d);
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + d);
    }

    @Test
    void readsTheContractDeclaration() throws Exception {
        ExperimentDeclaration d = parser.parse("""
                {"stream":"experiment","ts":1772404200000,"id":"exp-42","title":"kill checkout pods","hypothesis":"...",
                 "scope":{"sources":["host-4"],"labels":{"service":"checkout"}},
                 "faults":["process.kill"],"start":1772409600000,"end":1772413200000,
                 "blast_radius":{"max_sources":1},"abort_when":[],
                 "approvals":[{"key_id":"sre-lead","sig":"c2ln"}]}""");

        assertThat(d.id()).isEqualTo("exp-42");
        assertThat(d.ts()).isEqualTo(1_772_404_200_000L);
        assertThat(d.scope().sources()).containsExactly("host-4");
        assertThat(d.scope().labels()).containsExactly(Map.entry("service", "checkout"));
        assertThat(d.faults()).containsExactly(Fault.PROCESS_KILL);
        assertThat(d.start()).isEqualTo(T0);
        assertThat(d.end()).isEqualTo(T0 + HOUR);
        assertThat(d.maxSources()).isEqualTo(1);
        assertThat(d.approvals()).containsExactly(ExperimentDeclaration.Approval.of("sre-lead", "c2ln"));
        assertThat(d.canonical()).doesNotContain("approvals").doesNotContain("stream").startsWith("{\"abort_when\":[],");
    }

    @Test
    void acceptsIsoTimesAndDefaultsTheOptionalFields() throws Exception {
        ExperimentDeclaration d = parser.parse("""
                {"id":"e","scope":{"sources":["web-*","db-1"]},"faults":["process.spawn"],
                 "start":"2026-03-02T00:00:00Z","end":"2026-03-02T02:00:00+01:00"}""");

        assertThat(d.start()).isEqualTo(T0);
        assertThat(d.end()).isEqualTo(T0 + HOUR);
        assertThat(d.ts()).isNull();
        assertThat(d.maxSources()).as("defaults to the number of scope sources").isEqualTo(2);
        assertThat(d.abortWhen()).isEmpty();
        assertThat(d.allowedBinaries()).isEmpty();
        assertThat(d.approvals()).isEmpty();
        assertThat(d.scope().labels()).isEmpty();
    }

    @Test
    void readsBothFormsOfAbortConditions() throws Exception {
        ExperimentDeclaration d = parser.parse(declaration().set("abort_when", Fixtures.json("""
                {"a":[{"signal":"memory_drift"},{"metric":"os.memory.used","above":0.95,"of":"limit"},
                      {"metric":"app.latency.p99","above":2.5}]}""").get("a")));

        assertThat(d.abortWhen()).containsExactly(AbortCondition.onSignal(Signal.MEMORY_DRIFT),
                AbortCondition.onMetric("os.memory.used", 0.95, true), AbortCondition.onMetric("app.latency.p99", 2.5, false));
        MetricSample mem = MetricSample.gauge(T0, "host-4", "os.memory.used", Map.of(), 3.9e9).withLimit(4.0e9);
        assertThat(d.abortWhen().get(1).matches(mem)).isTrue();
        assertThat(d.abortWhen().get(1).matches(MetricSample.gauge(T0, "host-4", "os.memory.used", Map.of(), 3.9e9)))
                .as("no limit, no match").isFalse();
        assertThat(d.abortWhen().get(2).matches(MetricSample.gauge(T0, "host-4", "app.latency.p99", Map.of(), 2.6))).isTrue();
        assertThat(d.abortWhen().get(2).matches(MetricSample.gauge(T0, "host-4", "app.latency.p99", Map.of(), 2.5))).isFalse();
    }

    @Test
    void rejectsEndBeforeStart() {
        assertThat(reason(d -> d.put("end", T0 - HOUR))).contains("'end'").contains("must be after 'start'");
    }

    @Test
    void rejectsAWindowLongerThanSevenDays() {
        assertThat(reason(d -> d.put("end", T0 + Duration.ofDays(7).toMillis() + 1)))
                .contains("longer than the maximum of PT168H");
    }

    @Test
    void acceptsAWindowOfExactlyTheConfiguredMaximum() throws Exception {
        ObjectNode d = declaration().put("end", T0 + 2 * HOUR);
        assertThat(new DeclarationParser(Duration.ofHours(2)).parse(d).end()).isEqualTo(T0 + 2 * HOUR);
        assertThatThrownBy(() -> new DeclarationParser(Duration.ofHours(1)).parse(d)).hasMessageContaining("longer than the maximum");
    }

    @Test
    void rejectsAnUnknownFaultListingTheAllowedOnes() {
        assertThat(reason(d -> d.set("faults", Fixtures.json("{\"f\":[\"disk.fill\"]}").get("f"))))
                .contains("unknown fault \"disk.fill\"")
                .contains("process.kill, process.spawn, memory.pressure, cpu.pressure, fd.exhaustion, network.latency, "
                        + "network.loss, dependency.failure");
    }

    @Test
    void rejectsMissingOrWrongTypedRequiredFields() {
        assertThat(reason(d -> d.remove("id"))).isEqualTo("missing field 'id'");
        assertThat(reason(d -> d.put("id", 42))).isEqualTo("field 'id' must be a string, got number");
        assertThat(reason(d -> d.put("id", " "))).isEqualTo("field 'id' is empty");
        assertThat(reason(d -> d.remove("scope"))).startsWith("missing field 'scope'");
        assertThat(reason(d -> d.put("scope", "host-4"))).isEqualTo("field 'scope' must be an object, got string");
        assertThat(reason(d -> ((ObjectNode) d.get("scope")).remove("sources"))).isEqualTo("missing field 'scope.sources'");
        assertThat(reason(d -> ((ObjectNode) d.get("scope")).putArray("sources"))).contains("at least one source");
        assertThat(reason(d -> d.remove("faults"))).startsWith("missing field 'faults'");
        assertThat(reason(d -> d.put("faults", "process.kill"))).startsWith("field 'faults' must be a non-empty list");
        assertThat(reason(d -> d.remove("start"))).isEqualTo("missing field 'start'");
        assertThat(reason(d -> d.put("end", true))).startsWith("field 'end' must be epoch milliseconds or ISO-8601");
        assertThat(reason(d -> d.put("start", "yesterday"))).startsWith("field 'start' is not ISO-8601");
    }

    @Test
    void rejectsMalformedOptionalFields() {
        assertThat(reason(d -> ((ObjectNode) d.get("blast_radius")).put("max_sources", 0)))
                .startsWith("field 'blast_radius.max_sources' must be a positive integer");
        assertThat(reason(d -> d.set("abort_when", Fixtures.json("{\"a\":[{\"signal\":\"meltdown\"}]}").get("a"))))
                .startsWith("abort_when[0].signal: unknown signal \"meltdown\"");
        assertThat(reason(d -> d.set("abort_when", Fixtures.json("{\"a\":[{\"metric\":\"m\",\"abov\":1}]}").get("a"))))
                .startsWith("abort_when[0].above must be a finite number");
        assertThat(reason(d -> d.set("abort_when", Fixtures.json("{\"a\":[{\"metric\":\"m\",\"above\":1,\"of\":\"max\"}]}").get("a"))))
                .startsWith("abort_when[0].of must be \"limit\"");
        assertThat(reason(d -> d.set("abort_when", Fixtures.json("{\"a\":[{\"signal\":\"gc_pressure\",\"metric\":\"m\"}]}").get("a"))))
                .startsWith("abort_when[0] must have exactly one of 'signal'");
        assertThat(reason(d -> d.put("allowed_binaries", "/bin/sh"))).startsWith("field 'allowed_binaries' must be a list of strings");
        assertThat(reason(d -> d.put("approvals", "yes"))).startsWith("field 'approvals' must be a list");
        assertThat(reason(d -> d.put("stream", "metric"))).startsWith("field 'stream' must be 'experiment'");
    }

    @Test
    void rejectsInvalidJsonWithItsPosition() {
        assertThatThrownBy(() -> parser.parse("{\"id\":\"e\",\n \"scope\": }")).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("invalid JSON at line 2");
        assertThatThrownBy(() -> parser.parse("{\"id\":\"a\",\"id\":\"b\"}")).hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void keepsMalformedApprovalsForTheVerifierToReport() throws Exception {
        ExperimentDeclaration d = parser.parse(declaration().set("approvals", Fixtures.json("""
                {"a":[{"key_id":"sre-lead"},"sig",{"key_id":7,"sig":"x"}]}""").get("a")));

        assertThat(d.approvals()).extracting(ExperimentDeclaration.Approval::problem).containsExactly(
                "approvals[0] has no string 'sig'", "approvals[1] is not an object", "approvals[2] has no string 'key_id'");
    }

    @Test
    void isImmutable() throws Exception {
        ObjectNode json = declaration();
        ExperimentDeclaration d = parser.parse(json);
        json.put("id", "changed");
        ((ObjectNode) d.json()).put("id", "changed too");

        assertThat(d.json().get("id").asText()).isEqualTo("exp-42");
        assertThat(List.of(d.faults(), d.scope().sources())).allSatisfy(c ->
                assertThatThrownBy(() -> c.clear()).isInstanceOf(UnsupportedOperationException.class));
    }
}
