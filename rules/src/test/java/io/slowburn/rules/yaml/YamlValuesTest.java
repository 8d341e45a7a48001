package io.slowburn.rules.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.rules.RuleProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.Node;

/** Whole nodes as values, typed by the one dialect, with repeated keys and deep nesting reported where they are. */
class YamlValuesTest {

    private final List<RuleProblem> problems = new ArrayList<>();

    private Node root(String text) {
        return YamlDocument.compose("v.yaml", text, problems::add).orElseThrow();
    }

    @Test
    void shouldTypeScalarsByTheJsonSchema() {
        Object v = YamlValues.plain("v.yaml", root("{n: 3, q: \"3\", u: 1_000, f: 0.5, t: true, y: yes, z: null, l: [1, x]}"),
            problems::add);

        assertThat(v).isEqualTo(new java.util.LinkedHashMap<>(Map.of("n", 3L, "q", "3", "u", "1_000", "f", 0.5, "t", true, "y", "yes",
            "l", List.of(1L, "x"))) {
            {
                put("z", null);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldKeepDecimalsExactInJson() {
        JsonNode j = YamlValues.json("v.yaml", root("{f: 0.1, big: 123456789012345678901234567890}"), problems::add);

        assertThat(j.get("f").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(j.get("big").bigIntegerValue()).hasToString("123456789012345678901234567890");
    }

    @Test
    void shouldReportARepeatedKeyAtItsLineAndKeepTheFirst() {
        JsonNode j = YamlValues.json("v.yaml", root("a: 1\nb: {c: 2, c: 3}\n"), problems::add);

        assertThat(j.get("b").get("c").asInt()).isEqualTo(2);
        assertThat(problems).extracting(Object::toString).containsExactly("v.yaml:2:11: duplicate key 'c' (first given at v.yaml:2:5)");
    }

    @Test
    void shouldCutAndReportNestingDeeperThanTheLimit() {
        String deep = "[".repeat(YamlValues.MAX_DEPTH + 2) + "]".repeat(YamlValues.MAX_DEPTH + 2);

        YamlValues.json("v.yaml", root(deep), problems::add);

        assertThat(problems).extracting(RuleProblem::message).containsExactly("nested more than 64 levels deep");
    }

    @Test
    void shouldComposeEveryDocumentOfAStreamAndStopAtASyntaxError() {
        List<Node> docs = YamlDocument.composeAll("v.yaml", "a: 1\n---\n---\nb: 2\n---\nc: [\n", problems::add);

        assertThat(docs).hasSize(2);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString()).startsWith("v.yaml:7:1: invalid YAML:"));
    }
}
