package io.slowburn.model;

/**
 * An enum constant that has a contract name on the wire (lowercase, as in CONTRACT.md). By default the wire name is the
 * constant's name in lowercase ({@code MEMORY_DRIFT} is {@code memory_drift}); an enum whose names differ (dotted, say)
 * overrides {@link #wire()}.
 */
public interface WireName {

    /** Implemented by every enum. */
    String name();

    /** Implemented by every enum. */
    int ordinal();

    /** Implemented by every enum: the enum's class, also for a constant with a body. */
    Class<?> getDeclaringClass();

    /** The name in records and rule files, e.g. {@code memory_drift}. */
    default String wire() {
        return LowercaseNames.of(getDeclaringClass())[ordinal()];
    }

    /** Looks a constant up by its wire name; {@code null} when there is none. */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String wire) {
        if (wire == null) {
            return null;
        }
        for (E e : EnumConstants.of(type)) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        return null;
    }
}
