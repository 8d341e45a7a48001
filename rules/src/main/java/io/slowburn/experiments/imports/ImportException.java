package io.slowburn.experiments.imports;

/** The document cannot be imported: unreadable, not the tool's format, or a fault slowburn cannot declare. Bad input (exit 2). */
public final class ImportException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
