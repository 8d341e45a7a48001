package io.slowburn.rules.yaml;

import io.slowburn.rules.Excerpt;
import io.slowburn.rules.Location;
import io.slowburn.rules.RuleProblem;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A YAML syntax error in plain words, with its line, column and a hint, instead of the parser's own terms
 * ({@code expected <block end>, but found '<block mapping start>'}): what an operator editing a file by hand gets wrong
 * is nearly always the indentation, a tab, a missing colon, an unclosed bracket or quote. Every message starts with
 * {@code invalid YAML: }. An error the parser words in a way not recognised here keeps the parser's words.
 */
final class YamlSyntax {

    private YamlSyntax() {
    }

    static RuleProblem problem(String file, MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        Optional<Mark> problemMark = e.getProblemMark();
        Optional<Mark> contextMark = e.getContextMark();
        Location at = YamlNodes.location(file, problemMark.or(() -> contextMark).orElse(null));
        Location opened = contextMark.map(m -> YamlNodes.location(file, m)).orElse(null);
        if (problem.contains("(TAB)")) {
            return RuleProblem.at(at, "invalid YAML: a tab character where YAML expects spaces",
                "YAML indents with spaces only: replace the tab with spaces");
        }
        if (problem.startsWith("could not find expected ':'") && opened != null) {
            return RuleProblem.at(opened, "invalid YAML: line " + opened.line() + " is not 'key: value' (a missing colon?)",
                "write a colon and a space after the key; a line of text that continues a value must be indented under it");
        }
        if (problem.startsWith("mapping values are not allowed here")) {
            return RuleProblem.at(at, "invalid YAML: a colon where no new key can start",
                "a value that contains ': ' must be quoted; or the line is indented deeper than the keys beside it");
        }
        if (problem.startsWith("expected <block end>") && opened != null) {
            return RuleProblem.at(at, "invalid YAML: the indentation of line " + at.line() + " does not match the lines above it",
                "the entries of one mapping or list start in the same column (the block at line " + opened.line() + " column "
                    + opened.column() + "); indent with spaces, the same number for each entry");
        }
        if (context.startsWith("while parsing a flow sequence") && opened != null) {
            return unclosed(at, opened, "[", "]");
        }
        if (context.startsWith("while parsing a flow mapping") && opened != null) {
            return unclosed(at, opened, "{", "}");
        }
        if (context.startsWith("while scanning a quoted scalar") && opened != null) {
            return RuleProblem.at(opened, "invalid YAML: the quote opened at line " + opened.line() + " column " + opened.column()
                + " is not closed", "end the text with the same quote it starts with");
        }
        if (problem.contains("<stream end>")) {
            return RuleProblem.at(at, "invalid YAML: the file ends in the middle of a value"
                + (opened == null || opened.equals(at) ? "" : " begun at line " + opened.line() + " column " + opened.column()),
                "close every '[', '{' and quote that is opened");
        }
        if (problem.startsWith("found undefined alias")) {
            return RuleProblem.at(at, "invalid YAML: an alias (*name) to an anchor (&name) not defined before it", null);
        }
        return RuleProblem.at(at, "invalid YAML: " + Excerpt.of(problem.isEmpty() ? "not YAML" : problem, Excerpt.VALUE * 2)
            + (context.isBlank() ? "" : " (" + Excerpt.of(context) + ")"), null);
    }

    private static RuleProblem unclosed(Location at, Location opened, String open, String close) {
        return RuleProblem.at(at, "invalid YAML: the '" + open + "' opened at line " + opened.line() + " column " + opened.column()
            + " is not closed where expected", "separate its items with ',' and close it with '" + close + "'");
    }

    /** An error with no position: a limit (aliases, size) or an unreadable stream. */
    static RuleProblem problem(String file, YamlEngineException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("aliases for non-scalar nodes exceeds")) {
            return new RuleProblem(file, 1, 1, "invalid YAML: more than " + YamlDocument.MAX_ALIASES + " aliases to mappings or lists",
                "refused unexpanded: a document of nested aliases (a 'billion laughs') would grow exponentially");
        }
        if (m.contains("exceeds the limit")) {
            return new RuleProblem(file, 1, 1, "invalid YAML: the document is longer than " + YamlDocument.MAX_CODE_POINTS
                + " characters", "split it into several files");
        }
        return new RuleProblem(file, 1, 1, "invalid YAML: " + Excerpt.of(m, Excerpt.VALUE * 2), null);
    }
}
