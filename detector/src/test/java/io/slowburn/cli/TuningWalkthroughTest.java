package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rules/TUNING.md's walkthrough, steps 1 and 2, as a newcomer follows it: the rule and the rule test are the file's own
 * YAML blocks, and {@code rules check} and {@code rules test} print what the file says they print.
 */
class TuningWalkthroughTest {

    private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SH = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static List<String> blocks(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The {@code # ...} lines after a command in the walkthrough's shell blocks: the output it documents. */
    private static String documentedOutput(List<String> sh, String command) {
        for (String block : sh) {
            int at = block.indexOf(command + "\n");
            if (at >= 0) {
                StringBuilder out = new StringBuilder();
                for (String line : block.substring(at + command.length() + 1).split("\n")) {
                    if (!line.startsWith("# ")) {
                        break;
                    }
                    out.append(line.substring(2)).append('\n');
                }
                return out.toString();
            }
        }
        throw new AssertionError("TUNING.md has no command '" + command + "'");
    }

    @Test
    void shouldGiveTheDocumentedOutputOfStepsOneAndTwo() throws Exception {
        String tuning = Files.readString(Path.of("..", "rules", "TUNING.md"), StandardCharsets.UTF_8);
        List<String> yaml = blocks(YAML, tuning);
        List<String> sh = blocks(SH, tuning);
        Path rules = Files.createDirectories(dir.resolve("my-rules"));
        Files.writeString(rules.resolve("heap.yaml"), yaml.get(0));
        Path test = Files.createDirectories(rules.resolve("tests")).resolve("heap_test.yaml");
        Files.writeString(test, yaml.get(1));

        Cli check = new Cli();
        assertThat(check.run("rules", "check", rules.toString())).as(check.toString()).isZero();
        assertThat(check.out()).isEqualTo(documentedOutput(sh, "slowburn rules check my-rules").replace("my-rules", rules.toString()));

        Cli run = new Cli();
        assertThat(run.run("rules", "test", test.toString())).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(documentedOutput(sh, "slowburn rules test my-rules/tests/heap_test.yaml")
                .replace("my-rules/tests/heap_test.yaml", test.toString()));
    }
}
