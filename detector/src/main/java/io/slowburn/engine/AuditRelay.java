package io.slowburn.engine;

/**
 * Audit records written away from the verdict stage (declarations by the experiment intake tasks, rule reloads by each
 * instance's rules reloader) travel to it under a key of their own, so that the one writer of the audit chain
 * ({@link VerdictDesk#AUDIT_WRITER}) links them like its own records: every audit record is then in the chain, and
 * deleting, altering or reordering a declaration or a reload record breaks it like any verdict's. The verdict stage
 * links a relayed record as it arrives (it is not held for the event-time watermark: it decides nothing) and writes it
 * to the audit topic under the key after the prefix.
 */
public final class AuditRelay {

    /** Keys of relayed records on the verdict stage's input: the prefix, then the record's key on the audit topic. */
    public static final String KEY_PREFIX = "~audit|";

    private AuditRelay() {
    }

    /** The verdict stage's input key of an audit record keyed {@code auditKey} on the audit topic. */
    public static String key(String auditKey) {
        return KEY_PREFIX + auditKey;
    }

    public static boolean isRelayed(String key) {
        return key != null && key.startsWith(KEY_PREFIX);
    }

    /** The audit topic's key of a relayed record. */
    public static String auditKey(String key) {
        return key.substring(KEY_PREFIX.length());
    }
}
