package io.slowburn.cli;

import io.slowburn.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn broker}: a real single-node KRaft broker in the foreground until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs a real single-node Kafka broker (KRaft, 127.0.0.1) in the foreground until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Client port on 127.0.0.1 (0 for a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory, kept across runs. Default: a temporary directory removed on exit.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new ExitCodes.BadInputException("--port must be in [0, 65535], got " + port);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
        Thread hook = new Thread(broker::close, "slowburn-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Kafka broker listening on " + broker.bootstrapServers()
                + (dataDir == null ? " (temporary data)" : " (data in " + broker.dataDir() + ")") + "; Ctrl-C to stop");
        System.out.flush();
        broker.awaitShutdown();
        return ExitCodes.OK;
    }
}
