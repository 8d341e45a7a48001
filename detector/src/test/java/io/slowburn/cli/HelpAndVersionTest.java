package io.slowburn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code slowburn help}, {@code slowburn help <command>} and {@code slowburn --version}. */
class HelpAndVersionTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SlowburnMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void shouldPrintTheUsageOnHelpAndExitZero() {
        assertThat(run("help")).isZero();
        assertThat(out.toString()).contains("Usage: slowburn").contains("run").contains("experiments");
    }

    @Test
    void shouldPrintASubcommandsUsageOnHelpCommand() {
        assertThat(run("help", "run")).isZero();
        assertThat(out.toString()).contains("Usage: slowburn run");
    }

    @Test
    void shouldGenerateAShellCompletionScriptThatKnowsEveryCommand() {
        assertThat(run("help")).isZero();
        assertThat(out.toString()).contains("generate-completion");
        out.getBuffer().setLength(0);
        assertThat(run("generate-completion")).isZero();
        String script = out.toString();
        assertThat(script).contains("complete -F").contains("_picocli_slowburn");
        for (String command : SlowburnMain.commandLine().getSubcommands().keySet()) {
            assertThat(script).as(command).contains(command);
        }
        assertThat(script).contains("--bootstrap-servers").contains("forward").contains("import");
    }

    @Test
    void shouldPrintTheMavenVersionNotDev() {
        assertThat(run("--version")).isZero();
        String version = out.toString().strip();
        assertThat(version).startsWith("slowburn ").doesNotContain("dev").doesNotContain("${");
        assertThat(version).matches("slowburn \\d+\\.\\d+\\.\\d+\\S*( \\(commit [0-9a-f]+(, modified)?\\))?");
    }

    @Test
    void shouldShowTheCommitWhenTheBuildKnowsIt() {
        Properties p = new Properties();
        p.setProperty("version", "1.2.3");
        p.setProperty("commit", "abc1234");
        p.setProperty("dirty", "false");
        assertThat(VersionProvider.describe(p)).isEqualTo("1.2.3 (commit abc1234)");
        p.setProperty("dirty", "true");
        assertThat(VersionProvider.describe(p)).isEqualTo("1.2.3 (commit abc1234, modified)");
        p.setProperty("commit", "${git.commit.id.abbrev}");
        assertThat(VersionProvider.describe(p)).as("built outside git").isEqualTo("1.2.3");
    }
}
