package io.slowburn.rules.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.Severity;
import io.slowburn.rules.RuleProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/** The one dialect every slowburn file is read in, and located problems for each typed read. */
class YamlFieldsTest {

    private final List<RuleProblem> problems = new ArrayList<>();

    private YamlFields fields(String yaml) {
        MappingNode node = (MappingNode) YamlDocument.compose("f.yaml", yaml, problems::add).orElseThrow();
        return YamlFields.of("f.yaml", node, "a test", problems::add);
    }

    private List<String> reported() {
        return problems.stream().map(RuleProblem::toString).toList();
    }

    @Test
    void shouldReadEachTypeWrittenPlainly() {
        YamlFields f = fields("count: 1000\nratio: 0.9\non: true\nfor: 15m\nlevel: warning\nnames: [a, b]\none: c\n");

        assertThat(f.integer("count", 0)).isEqualTo(1000);
        assertThat(f.number("ratio", 0)).isEqualTo(0.9);
        assertThat(f.flag("on", false)).isTrue();
        assertThat(f.duration("for", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
        assertThat(f.wire("level", Severity.class, true)).isEqualTo(Severity.WARNING);
        assertThat(f.texts("names")).containsExactly("a", "b");
        assertThat(f.texts("one")).containsExactly("c");
        assertThat(f.integer("absent", 7)).isEqualTo(7);
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldRefuseTheLenientFormsOfNumbersAndFlags() {
        YamlFields f = fields("count: 1_000\nquoted: \"42\"\non: \"true\"\nyes_no: yes\nratio: .5\n");

        assertThat(f.integer("count", 1)).isEqualTo(1);
        assertThat(f.integer("quoted", 1)).isEqualTo(1);
        assertThat(f.flag("on", false)).isFalse();
        assertThat(f.flag("yes_no", false)).isFalse();
        assertThat(f.number("ratio", 1)).isEqualTo(1);
        assertThat(reported()).containsExactly(
                "f.yaml:1:8: 'count' must be a whole number, got '1_000'",
                "f.yaml:2:9: 'quoted' must be a whole number, got '42'",
                "f.yaml:3:5: 'on' must be true or false, got 'true'",
                "f.yaml:4:9: 'yes_no' must be true or false, got 'yes'",
                "f.yaml:5:8: 'ratio' must be a number, got '.5'");
    }

    @Test
    void shouldReportUnknownRepeatedAndMissingKeysWithTheirPlaces() {
        YamlFields f = fields("severty: info\nname: a\nname: b\n").allowOnly(List.of("name", "severity"));

        assertThat(f.text("name", true)).isEqualTo("a");
        assertThat(f.text("severity", true)).isNull();
        assertThat(reported()).containsExactly(
                "f.yaml:3:1: duplicate key 'name' (first given at f.yaml:2:1)",
                "f.yaml:1:1: unknown key 'severty' in a test (did you mean 'severity'?)",
                "f.yaml:1:1: missing required key 'severity'");
    }

    @Test
    void shouldQuoteAnExcerptOfALongValueNeverAllOfIt() {
        YamlFields f = fields("count: " + "x".repeat(5_000) + "\n");

        f.integer("count", 0);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).hasSizeLessThan(120)
                .contains("(5000 characters)"));
    }

    @Test
    void shouldStopAtTheFirstProblemWhenTheSinkThrows() {
        MappingNode node = (MappingNode) YamlDocument.compose("s.yaml", "seed: ten\n", problems::add).orElseThrow();
        YamlFields f = YamlFields.of("s.yaml", node, "a scenario", p -> {
            throw new IllegalArgumentException(p.toString());
        });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.integer("seed", 1))
                .hasMessage("s.yaml:1:7: 'seed' must be a whole number, got 'ten'");
    }
}
