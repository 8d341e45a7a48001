package io.slowburn.cli;

import io.slowburn.demo.Demo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn demo}: embedded broker, detector, simulator; prints alerts as they arrive; ends by itself. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the detector on an embedded real Kafka broker against the built-in demo scenario, prints alerts "
                + "and abort commands as they arrive, then a summary; ends by itself.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print alerts and commands as raw JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "90s", converter = DurationConverter.class,
            description = "Stop waiting for the stories after this long. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--report", defaultValue = "slowburn-demo-report.html", paramLabel = "FILE.html",
            description = "Where the demo writes its incident report at the end. Default: ${DEFAULT-VALUE}.")
    Path report;

    @Override
    public Integer call() throws Exception {
        return new Demo(System.out, json, timeout, report).run();
    }
}
