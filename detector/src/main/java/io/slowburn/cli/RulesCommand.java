package io.slowburn.cli;

import io.slowburn.detector.ruletest.RuleTestRunner;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.rules.RuleLoadResult;
import io.slowburn.rules.RuleProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slowburn rules check DIR}, {@code slowburn rules test FILE...} and {@code slowburn rules publish FILE...}. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Rules: check validates them, test runs rule unit tests, publish sends them to the rules topic.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Test.class, RulesPublish.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check or test");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Loads the default rule pack with DIR on top, as the detector would (rules, overrides, disable, "
                    + "exceptions, environments), and prints every problem as file:line:col: message (hint). "
                    + "Exit 2 on any problem, 0 otherwise.")
    static final class Check implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "A rules directory (or one rule file).")
        Path dir;

        @Option(names = "--environment", paramLabel = "NAME",
                description = "Also apply the 'environments: NAME' sections (rules.environment), and check them.")
        String environment;

        @Override
        public Integer call() {
            RuleLoadResult result = RuleSources.load(List.of(dir), true, environment, Map.of());
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
            long off = result.rules().rules().stream().filter(r -> !r.enabled()).count();
            long shadow = result.rules().rules().stream().filter(r -> r.enabled() && r.shadow()).count();
            int ex = result.rules().exceptions().size();
            spec.commandLine().getOut().println(n + (n == 1 ? " rule" : " rules") + " OK (" + off + " disabled, " + shadow + " shadow, "
                    + ex + (ex == 1 ? " exception" : " exceptions") + "; the default pack with " + dir + " on top"
                    + (environment == null ? "" : ", environment " + environment) + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Runs rule unit tests (see rules/TUNING.md): each test's input series, events and experiments go "
                    + "through the real detector topology, and the alerts at each eval_time are compared with the expected "
                    + "ones. Exit 0 when all pass, 1 when any fails, 2 when a test file (or its rules) is invalid.")
    static final class Test implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule test files (YAML).")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return new RuleTestRunner(out).run(files).exitCode();
        }
    }
}
