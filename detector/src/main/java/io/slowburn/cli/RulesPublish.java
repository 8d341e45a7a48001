package io.slowburn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.rules.RuleLoadResult;
import io.slowburn.rules.RuleProblem;
import io.slowburn.rules.yaml.YamlDocument;
import io.slowburn.rules.yaml.YamlFields;
import io.slowburn.rules.yaml.YamlValues;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.snakeyaml.engine.v2.nodes.Node;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slowburn rules publish FILE...}: validates rule files (layered on the default pack, as the service does), then
 * publishes each rule, override and disable to the compacted rules topic, keyed by rule name; {@code --delete NAME...}
 * publishes tombstones. Exceptions belong in the rules directory: a topic entry is one rule.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Validates the rule files, then publishes each rule (or override, or disable as an override with "
                + "enabled: false) to the rules topic keyed by rule name, for running detectors to hot-reload. "
                + "With --delete, publishes tombstones for the names given.")
final class RulesPublish implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE|NAME", description = "Rule files; with --delete, rule names.")
    List<String> args = List.of();

    @Option(names = "--delete", description = "Publish tombstones for the rule names given (the topic's entries go away).")
    boolean delete;

    @Mixin
    KafkaConnection kafka;

    @Override
    public Integer call() throws Exception {
        if (args.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give rule files (or rule names with --delete)");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        if (delete) {
            args.forEach(n -> entries.put(n, null));
        } else {
            List<Path> files = args.stream().map(Path::of).toList();
            RuleLoadResult check = RuleSources.load(files, true, null, Map.of());
            if (!check.ok()) {
                PrintWriter err = spec.commandLine().getErr();
                check.problems().forEach(err::println);
                err.flush();
                throw new ExitCodes.BadInputException(check.problems().size() + " problem(s) in the rules: nothing published");
            }
            for (Path f : files) {
                entries.putAll(entries(f));
            }
        }
        String topic = kafka.topics().rules();
        Map<String, Object> p = kafka.clientConfig(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000));
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get();
                out.println((e.getValue() == null ? "deleted " : "published ") + e.getKey() + (e.getValue() == null ? " from " : " to ")
                        + topic);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The topic entries of one rule file: rule name to one rule, or to {@code {override: {...}}}, as JSON. Read by the
     * rules' YAML layer, so a value means on the topic what it means in the file; a problem (which {@code rules check}
     * would also report) is thrown with its line and column.
     */
    static Map<String, String> entries(Path file) throws IOException {
        String name = file.toString();
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        Optional<YamlFields> top = YamlDocument.compose(name, Files.readString(file, StandardCharsets.UTF_8), problems::add)
                .flatMap(root -> YamlFields.mapping(name, root, "a rule file", problems::add));
        if (top.isPresent()) {
            YamlFields f = top.get();
            if (f.contains("exceptions") || f.contains("environments")) {
                throw new ExitCodes.BadInputException(name + ": exceptions and environments cannot go on the rules topic (one rule per "
                        + "entry); put them in the rules directory");
            }
            for (Node item : f.list("rules", "a list of rules")) {
                JsonNode rule = YamlValues.json(name, item, problems::add);
                JsonNode named = rule.has("override") ? rule.get("override") : rule;
                out.put(named.path("name").asText(), JSON.writeValueAsString(rule));
            }
            for (Node item : f.list("overrides", "a list of overrides")) {
                JsonNode override = YamlValues.json(name, item, problems::add);
                out.put(override.path("name").asText(), JSON.writeValueAsString(Map.of("override", override)));
            }
            for (String disabled : f.texts("disable")) {
                out.put(disabled, JSON.writeValueAsString(Map.of("override", Map.of("name", disabled, "enabled", false))));
            }
        }
        if (!problems.isEmpty()) {
            throw new ExitCodes.BadInputException(problems.get(0) + ": nothing published");
        }
        return out;
    }
}
