package io.slowburn.ingest.otlp;

/** A record or request body that is not an OTLP metrics export in the expected encoding. */
public final class InvalidOtlpException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidOtlpException(String message, Throwable cause) {
        super(message, cause);
    }
}
