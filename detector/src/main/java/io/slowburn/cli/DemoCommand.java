package io.slowburn.cli;

import io.slowburn.demo.FirstDemo;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn demo}: embedded broker, topics, scripted telemetry, a Streams app, alerts printed; ends by itself. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a scripted scenario on an embedded real Kafka broker and prints the alerts; ends by itself.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--timeout", defaultValue = "45s", converter = DurationConverter.class,
            description = "Give up waiting for alerts after this long. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        var alerts = FirstDemo.run(System.out, timeout);
        System.out.println(alerts.size() + " alert(s) came through the real broker.");
        return alerts.isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
