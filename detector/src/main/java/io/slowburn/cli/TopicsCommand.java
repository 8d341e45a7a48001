package io.slowburn.cli;

import io.slowburn.kafka.TopicNames;
import io.slowburn.kafka.TopicProvisioner;
import io.slowburn.kafka.TopicSpec;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn topics create}: the contract topics, idempotently. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manages the contract topics.",
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the contract topics that do not exist yet, with configs fitting their role.")
    static final class Create implements Callable<Integer> {

        @Option(names = "--bootstrap-servers", paramLabel = "H:P", defaultValue = "127.0.0.1:9092",
                    description = "Kafka brokers (host:port, comma-separated). Default: ${DEFAULT-VALUE}.")
        String bootstrapServers;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the telemetry and output topics. "
                + "Default: ${DEFAULT-VALUE}.")
        int partitions;

        @Option(names = "--replication-factor", description = "Default: the broker's default.replication.factor.")
        Short replicationFactor;

        @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = TopicNames.DEFAULT_PREFIX,
                    description = "Topic names start with P. Default: '${DEFAULT-VALUE}'.")
        String prefix;

        @Override
        public Integer call() throws Exception {
            if (partitions < 1) {
                throw new ExitCodes.BadInputException("--partitions must be at least 1, got " + partitions);
            }
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
            try (Admin admin = Admin.create(p)) {
                var outcomes = new TopicProvisioner(admin).ensure(
                        TopicSpec.contract(TopicNames.withPrefix(prefix), partitions), Optional.ofNullable(replicationFactor));
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
