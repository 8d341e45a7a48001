package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's help speaks the same way: one label per shared option, defaults rendered as they are meant. */
class HelpTextConsistencyTest {

    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        collect(SlowburnMain.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> all) {
        all.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    @Test
    void shouldLabelTheConnectionOptionsTheSameWayEverywhere() {
        List<String> seen = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            String name = cl.getCommandSpec().qualifiedName();
            OptionSpec servers = cl.getCommandSpec().findOption("--bootstrap-servers");
            if (servers != null) {
                seen.add(name);
                assertThat(servers.paramLabel()).as(name + " --bootstrap-servers").isEqualTo("H:P");
            }
            OptionSpec prefix = cl.getCommandSpec().findOption("--topic-prefix");
            if (prefix != null) {
                assertThat(prefix.paramLabel()).as(name + " --topic-prefix").isEqualTo("P");
            }
        }
        assertThat(seen).as("commands with --bootstrap-servers").hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void shouldRenderEveryUsageWithoutFieldNamesOrRunTogetherDefaults() {
        for (CommandLine cl : allCommands()) {
            String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = cl.getCommandSpec().qualifiedName();
            assertThat(usage).as(name).doesNotContain("<bootstrapServers>")
                    .doesNotContainPattern("(?<!\\.)\\.\\.(?!\\.)")
                    .doesNotContain("${");
        }
    }

    @Test
    void shouldNameEverySubcommandInItsGroupsSummary() {
        String rules = SlowburnMain.commandLine().getSubcommands().get("rules").getCommandSpec().usageMessage().description()[0];
        assertThat(rules.toLowerCase(java.util.Locale.ROOT)).contains("validates").contains("test").contains("publishes");
    }
}
