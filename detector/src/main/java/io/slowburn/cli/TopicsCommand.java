package io.slowburn.cli;

import io.slowburn.kafka.TopicNames;
import io.slowburn.kafka.TopicProvisioner;
import io.slowburn.kafka.TopicSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slowburn topics create}: the contract topics, idempotently. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "The contract topics: create makes those that do not exist yet.",
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the contract topics that do not exist yet, with configs fitting their role.")
    static final class Create implements Callable<Integer> {

        @Mixin
        KafkaConnection kafka;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
                description = "Partitions of the telemetry and output topics. "
                + "Default: ${DEFAULT-VALUE}.")
        int partitions;

        @Option(names = "--replication-factor", paramLabel = "N", description = "Default: the broker's default.replication.factor.")
        Short replicationFactor;

        @Override
        public Integer call() throws Exception {
            if (partitions < 1) {
                throw new ExitCodes.BadInputException("--partitions must be at least 1, got " + partitions);
            }
            TopicNames topics = kafka.topics();
            try (Admin admin = Admin.create(kafka.clientConfig(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
                var outcomes = new TopicProvisioner(admin).ensure(TopicSpec.contract(topics, partitions),
                        Optional.ofNullable(replicationFactor));
                for (TopicProvisioner.Outcome o : outcomes) {
                    System.out.println((o.created() ? "created  " : "exists   ") + o.topic()
                            + (o.differences().isEmpty() ? "" : "   differs: " + String.join(", ", o.differences())));
                }
                if (outcomes.stream().anyMatch(o -> !o.differences().isEmpty())) {
                    System.out.println("existing topics were left as they are; the README's topics section says why these settings "
                            + "matter and how to change them (kafka-configs.sh --alter)");
                }
            }
            return ExitCodes.OK;
        }
    }
}
