package io.slowburn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real command line with stdout and stderr captured. */
final class Cli {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return run(SlowburnMain.commandLine(), args);
    }

    int run(CommandLine cl, String... args) {
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
        return cl.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public String toString() {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }
}
