package io.slowburn.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A contract subcommand that a later release provides: says so and exits 2, whatever its arguments. */
@Command(description = "Not available yet in this build.")
final class Unavailable implements Callable<Integer> {

    @CommandLine.Unmatched
    private List<String> ignored;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final String what;

    private Unavailable(String what) {
        this.what = what;
    }

    static void register(CommandLine parent, String name, String what) {
        if (parent.getSubcommands().containsKey(name)) {
            return;
        }
        CommandLine sub = new CommandLine(new Unavailable(what));
        sub.getCommandSpec().usageMessage().description("Not available yet: " + what + ".");
        parent.addSubcommand(name, sub);
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("slowburn " + spec.name() + ": not available yet (" + what + ")");
        return ExitCodes.BAD_INPUT;
    }
}
