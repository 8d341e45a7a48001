package io.slowburn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.RuleSources;
import io.slowburn.rules.RuleLoadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
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

    /** The topic entries of one rule file: rule name to one rule, or to {@code {override: {...}}}, as JSON. */
    @SuppressWarnings("unchecked")
    static Map<String, String> entries(Path file) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        Map<String, String> out = new LinkedHashMap<>();
        if (!(doc instanceof Map<?, ?> top)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        if (top.containsKey("exceptions") || top.containsKey("environments")) {
            throw new ExitCodes.BadInputException(file + ": exceptions and environments cannot go on the rules topic (one rule per "
                    + "entry); put them in the rules directory");
        }
        for (Object item : list(top, "rules")) {
            Map<String, Object> m = (Map<String, Object>) item;
            Object name = m.containsKey("override") ? ((Map<String, Object>) m.get("override")).get("name") : m.get("name");
            out.put(String.valueOf(name), json.writeValueAsString(m));
        }
        for (Object item : list(top, "overrides")) {
            Map<String, Object> m = (Map<String, Object>) item;
            out.put(String.valueOf(m.get("name")), json.writeValueAsString(Map.of("override", m)));
        }
        for (Object name : list(top, "disable")) {
            out.put(String.valueOf(name), json.writeValueAsString(Map.of("override", Map.of("name", name, "enabled", false))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<?, ?> top, String key) {
        Object v = top.get(key);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
