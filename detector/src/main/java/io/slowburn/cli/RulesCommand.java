package io.slowburn.cli;

import io.slowburn.detector.RuleSources;
import io.slowburn.rules.RuleLoadResult;
import io.slowburn.rules.RuleProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slowburn rules check DIR}. {@code rules test} (rule unit tests) is added to {@code subcommands} below by its own
 * issue; until then {@link SlowburnMain} registers it as {@link Unavailable}.
 */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Validates rules; runs rule unit tests.",
        subcommands = RulesCommand.Check.class)
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check or test");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Loads the default rule pack with DIR on top, as the detector would, and prints every problem as "
                    + "file:line:col: message (hint). Exit 2 on any problem, 0 otherwise.")
    static final class Check implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "A rules directory (or one rule file).")
        Path dir;

        @Override
        public Integer call() {
            RuleLoadResult result = RuleSources.load(dir);
            if (!result.ok()) {
                PrintWriter err = spec.commandLine().getErr();
                for (RuleProblem p : result.problems()) {
                    err.println(p);
                }
                err.flush();
                int n = result.problems().size();
                throw new ExitCodes.BadInputException(dir + ": " + n + (n == 1 ? " problem" : " problems") + " in the rules");
            }
            int n = result.rules().size();
            spec.commandLine().getOut().println(n + (n == 1 ? " rule" : " rules") + " OK (the default pack with " + dir + " on top)");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
