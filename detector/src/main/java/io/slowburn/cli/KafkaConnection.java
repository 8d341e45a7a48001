package io.slowburn.cli;

import io.slowburn.kafka.TopicNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The connection options of every command that talks to Kafka (a picocli mixin): the brokers, the topic prefix and
 * extra client settings for secured clusters. Declared once, so that every command labels, defaults and documents them
 * the same way. {@code run} takes its connection from the detector config instead ({@code bootstrap.servers},
 * {@code topic.prefix}, {@code kafka.*}).
 */
final class KafkaConnection {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    /** Set by the code through the client's constructor, never by a property. */
    private static final Set<String> SERDES = Set.of("key.serializer", "value.serializer", "key.deserializer", "value.deserializer");

    /** The command this mixin is part of, to name it in messages. */
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    @Option(names = "--bootstrap-servers", paramLabel = "H:P", defaultValue = DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka brokers (host:port, comma-separated). Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = TopicNames.DEFAULT_PREFIX,
            description = "Topic names start with P. Default: '${DEFAULT-VALUE}'.")
    String topicPrefix;

    @Option(names = "--kafka-property", paramLabel = "K=V",
            description = "A Kafka client setting, e.g. security.protocol=SASL_SSL (repeatable); not one the command sets itself.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** The brokers, or exit 2 when blank. */
    String bootstrapServers() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ExitCodes.BadInputException("--bootstrap-servers must not be blank");
        }
        return bootstrapServers;
    }

    /** The topic names under {@code --topic-prefix}, or exit 2 quoting the prefix when it makes invalid names. */
    TopicNames topics() {
        try {
            return TopicNames.withPrefix(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.BadInputException("--topic-prefix '" + topicPrefix + "': " + e.getMessage(), e);
        }
    }

    /**
     * A client config: {@code bootstrap.servers}, the command's own settings, and the {@code --kafka-property} ones,
     * which may add to but never replace what the command sets itself (its guarantees rest on those): exit 2 then.
     */
    Map<String, Object> clientConfig(Map<String, ?> own) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.putAll(own);
        config.putAll(extraSettings(config.keySet()));
        return config;
    }

    /** The {@code --kafka-property} settings, or exit 2 naming the first that would replace one of {@code own}. */
    Map<String, Object> extraSettings(Set<String> own) {
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : kafkaProperties.entrySet()) {
            if (own.contains(e.getKey()) || SERDES.contains(e.getKey())) {
                throw new ExitCodes.BadInputException("--kafka-property " + e.getKey() + ": set by " + commandName() + " itself (its "
                        + "guarantees depend on it); use the matching flag if there is one");
            }
            extra.put(e.getKey(), e.getValue());
        }
        return extra;
    }

    private String commandName() {
        return command == null ? "the command" : command.qualifiedName(" ").replaceFirst("^slowburn ", "");
    }
}
