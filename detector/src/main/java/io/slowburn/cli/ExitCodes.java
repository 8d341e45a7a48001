package io.slowburn.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The contract's exit codes and the mapping from exceptions to them. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }

    /** Bad input (a file, a flag value): exit 2 with a one-line reason naming the file and line. */
    public static final class BadInputException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public BadInputException(String reason) {
            super(reason);
        }

        public BadInputException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Prints one line for bad input (exit 2) and for failures (exit 1), with the cause chain for the latter. */
    static final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {

        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
            if (ex instanceof BadInputException) {
                cl.getErr().println("slowburn: " + ex.getMessage());
                return BAD_INPUT;
            }
            StringBuilder msg = new StringBuilder(String.valueOf(ex.getMessage()));
            for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                msg.append(": ").append(c.getMessage());
            }
            cl.getErr().println("slowburn: " + ex.getClass().getSimpleName() + ": " + msg);
            LoggerFactory.getLogger(ExitCodes.class).debug("failure", ex);
            return FAILURE;
        }
    }
}
