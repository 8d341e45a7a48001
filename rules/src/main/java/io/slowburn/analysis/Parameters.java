package io.slowburn.analysis;

import java.time.Duration;
import java.util.List;

/**
 * Typed access to a rule's analysis parameters. An implementation over a YAML file records every problem
 * (wrong type, out of range, unknown key) with its file, line and column, and returns the default so that
 * validation can go on and report all problems at once.
 */
public interface Parameters {

    /** A duration such as {@code 15m}, {@code 6h}, {@code 7d}, {@code 500ms}. */
    Duration duration(String key, Duration defaultValue);

    double number(String key, double defaultValue);

    long integer(String key, long defaultValue);

    boolean flag(String key, boolean defaultValue);

    String text(String key, String defaultValue);

    List<String> texts(String key, List<String> defaultValue);

    /** Records a problem with a parameter (for checks across parameters, e.g. min &lt; max). */
    void problem(String key, String message);
}
