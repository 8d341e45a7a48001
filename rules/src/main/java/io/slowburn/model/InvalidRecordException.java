package io.slowburn.model;

/** A record that does not follow the contract. The message is the reason written to the dead-letter topic. */
public class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String reason) {
        super(reason);
    }

    public InvalidRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
