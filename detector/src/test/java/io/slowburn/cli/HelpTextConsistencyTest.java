package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.kafka.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Walks the picocli model of every command: the connection options come from one mixin, every option's parameter has
 * a written label, every default is shown as it is, and every group's summary names its subcommands.
 */
class HelpTextConsistencyTest {

    /** Picocli's own commands, whose texts are not ours. */
    private static final Set<String> PICOCLI_OWN = Set.of("help", "generate-completion");

    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        collect(SlowburnMain.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> all) {
        if (PICOCLI_OWN.contains(cl.getCommandName())) {
            return;
        }
        all.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    private static boolean hasKafkaConnectionMixin(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof KafkaConnection || hasKafkaConnectionMixin(mixin)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldTakeTheConnectionOptionsFromTheOneMixinEverywhere() {
        List<String> seen = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            CommandSpec spec = cl.getCommandSpec();
            String name = spec.qualifiedName();
            OptionSpec servers = spec.findOption("--bootstrap-servers");
            if (servers == null) {
                assertThat(spec.findOption("--topic-prefix")).as(name + ": --topic-prefix without --bootstrap-servers").isNull();
                continue;
            }
            assertThat(servers.paramLabel()).as(name + " --bootstrap-servers").isEqualTo("H:P");
            if (name.equals("slowburn run")) {
                // run connects as its config says (bootstrap.servers, topic.prefix, kafka.*): the flag overrides one key
                assertThat(servers.defaultValue()).as("run's default comes from its config").isNull();
                continue;
            }
            seen.add(name);
            assertThat(hasKafkaConnectionMixin(spec)).as(name + " declares the connection options itself").isTrue();
            assertThat(servers.defaultValue()).as(name).isEqualTo(KafkaConnection.DEFAULT_BOOTSTRAP_SERVERS);
            assertThat(spec.findOption("--topic-prefix").defaultValue()).as(name).isEqualTo(TopicNames.DEFAULT_PREFIX);
            assertThat(spec.findOption("--kafka-property")).as(name + " --kafka-property").isNotNull();
        }
        assertThat(seen).as("commands that connect to Kafka").contains("slowburn topics create", "slowburn ingest os",
                "slowburn ingest simulate", "slowburn ingest otlp", "slowburn rules publish", "slowburn experiments declare",
                "slowburn alerts tail", "slowburn alerts forward", "slowburn audit verify");
    }

    @Test
    void shouldWriteEveryParameterLabelNotTheFieldName() {
        List<String> unlabelled = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            for (OptionSpec o : cl.getCommandSpec().options()) {
                // picocli's default label is the field name in angle brackets: <bootstrapServers>, <timeout>
                if (o.arity().max() > 0 && !o.paramLabel().matches("[\\[A-Z][A-Za-z0-9:=._|\\[\\]]*")) {
                    unlabelled.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName() + " " + o.paramLabel());
                }
            }
        }
        assertThat(unlabelled).isEmpty();
    }

    @Test
    void shouldShowEveryDefaultAsItIs() {
        List<String> wrong = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            String name = cl.getCommandSpec().qualifiedName();
            String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(usage).as(name).doesNotContain("<bootstrapServers>")
                    .doesNotContainPattern("(?<!\\.)\\.\\.(?!\\.)")
                    .doesNotContain("${");
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.defaultValue() == null || o.arity().max() == 0) {
                    continue;
                }
                String text = String.join(" ", o.description());
                String unwrapped = usage.replaceAll("\\s+", " ");
                if (!text.contains("Default: ") || !unwrapped.contains(o.defaultValue())) {
                    wrong.add(name + " " + o.longestName() + ": " + text);
                }
            }
        }
        assertThat(wrong).as("options whose help does not show their default").isEmpty();
    }

    @Test
    void shouldNameEverySubcommandInItsGroupsSummary() {
        List<String> missing = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            List<String> subcommands = cl.getSubcommands().keySet().stream().filter(s -> !PICOCLI_OWN.contains(s)).toList();
            if (subcommands.isEmpty() || cl.getParent() == null) {
                continue;
            }
            String summary = String.join(" ", cl.getCommandSpec().usageMessage().description()).toLowerCase(Locale.ROOT);
            for (String sub : subcommands) {
                if (!summary.matches("(?s).*\\b" + sub + "\\b.*")) {
                    missing.add(cl.getCommandSpec().qualifiedName() + " summary '" + summary + "' does not name " + sub);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void shouldRefuseAKafkaPropertyThatReplacesOneTheCommandSets() {
        Cli cli = new Cli();
        assertThat(cli.run("rules", "publish", "--delete", "x", "--bootstrap-servers", "127.0.0.1:1", "--kafka-property", "acks=0"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--kafka-property acks: set by rules publish itself");
    }
}
