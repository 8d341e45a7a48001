package io.slowburn.cli;

import org.apache.logging.log4j.LogManager;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code slowburn} command line. Thin wiring only: each subcommand delegates to a class that does the work and
 * returns an exit code (0 success, 2 bad usage or bad input, 1 anything else).
 */
@Command(name = "slowburn", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Catches stealthy destabilization in fleet telemetry on Kafka, and tells sanctioned chaos "
                + "experiments from suspicious activity that looks the same.",
        subcommands = {CommandLine.HelpCommand.class,
            DemoCommand.class, RunCommand.class, BacktestCommand.class, ScoreCommand.class, BrokerCommand.class,
            TopicsCommand.class, IngestCommand.class, RulesCommand.class, ExperimentsCommand.class, AlertsCommand.class,
            ReportCommand.class, AuditCommand.class, AutoComplete.GenerateCompletion.class})
public final class SlowburnMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Builds the command line with every subcommand, so tests can run it without ending the JVM. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SlowburnMain());
        // `slowburn generate-completion`: a bash/zsh completion script, listed in the help like any command
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cl.setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Runs a command line and returns its exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        int code = execute(args);
        // Log4j's own shutdown hook is disabled (log4j2.xml): it would stop logging before the command's close is logged.
        LogManager.shutdown();
        System.exit(code);
    }
}
