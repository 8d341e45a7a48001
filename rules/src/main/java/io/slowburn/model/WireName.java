package io.slowburn.model;

/** An enum constant that has a contract name on the wire (lowercase, as in CONTRACT.md). */
public interface WireName {

    /** The name in records and rule files, e.g. {@code memory_drift}. */
    String wire();

    /** Looks a constant up by its wire name; {@code null} when there is none. */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String wire) {
        if (wire == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        return null;
    }
}
