package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's command table ("## Command line") and the command line agree: every command written there exists, every
 * flag written beside it is one of that command's options, a default written there ({@code [--timeout 90s]}) is the
 * option's default, and every command of the jar (but picocli's own {@code help} and {@code generate-completion}) has a
 * row.
 */
class ReadmeCommandLineTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)(?:[ =]([^\\]\\s]+))?");
    private static final Set<String> PICOCLI_OWN = Set.of("help", "generate-completion");

    /** One command the table documents and the flags its row names, with the value written after each (or null). */
    record Row(String text, List<String> command, List<String[]> flags) {
    }

    static List<Row> rows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Command line\n");
        int end = readme.indexOf("\n### ", start);
        List<Row> rows = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String cell = line.substring(2).split("(?<!\\\\) \\| ")[0];
            List<String> previous = List.of();
            Matcher code = CODE.matcher(cell);
            while (code.find()) {
                String text = code.group(1).replace("\\|", "|");
                if (text.startsWith("java ")) {
                    continue; // the agent, not a command
                }
                List<String> command = new ArrayList<>();
                for (String word : text.split(" ")) {
                    if (!word.matches("[a-z][a-z-]*")) {
                        break;
                    }
                    command.add(word);
                }
                command = command.isEmpty() ? previous : command;
                previous = command;
                List<String[]> flags = new ArrayList<>();
                Matcher f = FLAG.matcher(text);
                while (f.find()) {
                    flags.add(new String[] {f.group(1), f.group(2)});
                }
                rows.add(new Row(text, command, flags));
            }
        }
        return rows;
    }

    private static CommandLine resolve(List<String> words) {
        CommandLine cl = SlowburnMain.commandLine();
        for (String w : words) {
            CommandLine sub = cl.getSubcommands().get(w);
            if (sub == null) {
                return cl == SlowburnMain.commandLine() ? null : cl; // the rest are parameters (a FILE written in lowercase)
            }
            cl = sub;
        }
        return cl;
    }

    @Test
    void shouldDocumentOnlyCommandsAndFlagsThatExist() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThan(20);
        for (Row row : rows) {
            CommandLine cl = resolve(row.command());
            assertThat(cl).as("README row '%s': no such command", row.text()).isNotNull();
            CommandSpec spec = cl.getCommandSpec();
            for (String[] flag : row.flags()) {
                OptionSpec option = spec.findOption(flag[0]);
                assertThat(option).as("README row '%s': %s has no option %s", row.text(), spec.qualifiedName(), flag[0]).isNotNull();
                String value = flag[1];
                boolean writtenDefault = value != null && !value.startsWith("-") && value.equals(value.toLowerCase(Locale.ROOT))
                        && !value.contains("|") && !value.contains("=") && option.arity().max() > 0;
                if (writtenDefault && option.defaultValue() != null) {
                    assertThat(option.defaultValue()).as("README row '%s': default of %s", row.text(), flag[0]).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void shouldHaveARowForEveryCommand() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        for (Row row : rows()) {
            CommandLine cl = resolve(row.command());
            if (cl != null) {
                documented.add(cl.getCommandSpec().qualifiedName());
            }
        }
        List<String> missing = new ArrayList<>();
        leaves(SlowburnMain.commandLine(), missing);
        missing.removeAll(documented);
        assertThat(missing).as("commands without a row in the README's command table").isEmpty();
    }

    private static void leaves(CommandLine cl, List<String> out) {
        if (PICOCLI_OWN.contains(cl.getCommandName())) {
            return;
        }
        if (cl.getSubcommands().isEmpty()) {
            out.add(cl.getCommandSpec().qualifiedName());
        }
        cl.getSubcommands().values().forEach(sub -> leaves(sub, out));
    }
}
