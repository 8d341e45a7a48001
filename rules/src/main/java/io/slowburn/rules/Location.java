package io.slowburn.rules;

import java.util.Objects;

/**
 * Where something stands in a rule file: 1-based line and column.
 *
 * @param file the file as given to the loader (or a classpath name for the default pack)
 */
public record Location(String file, int line, int column) {

    public Location {
        Objects.requireNonNull(file, "file");
    }

    /** {@code rules/heap.yaml:12:7}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
