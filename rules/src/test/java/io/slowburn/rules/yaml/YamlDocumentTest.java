package io.slowburn.rules.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.rules.RuleProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.Node;

/** Syntax errors in plain words with line, column and a hint; hostile documents refused unexpanded. */
class YamlDocumentTest {

    private static RuleProblem only(String text) {
        List<RuleProblem> problems = new ArrayList<>();
        Optional<Node> root = YamlDocument.compose("r.yaml", text, problems::add);
        assertThat(root).isEmpty();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void shouldExplainAMisindentedKeyInsteadOfTheParsersBlockEnd() {
        RuleProblem p = only("""
                rules:
                  - name: x
                   signal: y
                """);

        assertThat(p).hasToString("r.yaml:3:4: invalid YAML: the indentation of line 3 does not match the lines above it (the entries "
                + "of one mapping or list start in the same column (the block at line 2 column 3); indent with spaces, the same number "
                + "for each entry)");
        assertThat(p.toString()).doesNotContain("<block");
    }

    @Test
    void shouldNameATabAndSayToUseSpaces() {
        RuleProblem p = only("rules:\n\t- name: x\n");

        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(1);
        assertThat(p.message()).isEqualTo("invalid YAML: a tab character where YAML expects spaces");
        assertThat(p.hint()).contains("replace the tab with spaces");
    }

    @Test
    void shouldPointAtTheLineWithTheMissingColon() {
        RuleProblem p = only("""
                rules:
                  - name: x
                    signal y
                    severity: info
                """);

        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(5);
        assertThat(p.message()).isEqualTo("invalid YAML: line 3 is not 'key: value' (a missing colon?)");
        assertThat(p.hint()).contains("colon and a space after the key");
    }

    @Test
    void shouldSayWhichBracketOrQuoteIsNotClosed() {
        assertThat(only("a: [1, 2\nb: 3\n").message()).startsWith("invalid YAML: the '[' opened at line 1 column 4 is not closed");
        assertThat(only("a: {b: 1\n").message()).startsWith("invalid YAML: the '{' opened at line 1 column 4 is not closed");
        assertThat(only("a: \"x\n").message()).isEqualTo("invalid YAML: the quote opened at line 1 column 4 is not closed");
        assertThat(only("a: b: c\n").message()).isEqualTo("invalid YAML: a colon where no new key can start");
        assertThat(only("a: [\n")).hasToString("r.yaml:2:1: invalid YAML: the file ends in the middle of a value "
                + "(close every '[', '{' and quote that is opened)");
    }

    @Test
    void shouldRefuseABillionLaughsWithoutExpandingIt() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }

        RuleProblem p = only(yaml.toString());

        assertThat(p.message()).isEqualTo("invalid YAML: more than 50 aliases to mappings or lists");
        assertThat(p.hint()).contains("billion laughs");
    }

    @Test
    void shouldRefuseADocumentLongerThanTheLimitQuotingNothingOfIt() {
        RuleProblem p = only("a: " + "secret ".repeat(YamlDocument.MAX_CODE_POINTS / 7 + 1) + "\n");

        assertThat(p.message()).isEqualTo("invalid YAML: the document is longer than 3145728 characters");
        assertThat(p.toString()).doesNotContain("secret");
    }

    @Test
    void shouldReturnNothingAndReportNothingForAnEmptyDocument() {
        List<RuleProblem> problems = new ArrayList<>();
        assertThat(YamlDocument.compose("e.yaml", "# only a comment\n", problems::add)).isEmpty();
        assertThat(problems).isEmpty();
    }
}
