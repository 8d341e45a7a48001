package io.slowburn.ingest.simulate;

/**
 * A scenario that cannot be loaded. The message starts with {@code file:line:col:} so that a user can jump to the
 * problem, like the rule loader's problems. It is an {@link IllegalArgumentException} because a bad scenario is bad
 * input (exit code 2 on the command line), not a failure of the simulator.
 */
public final class ScenarioException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
