package io.slowburn.model;

/**
 * The constants of an enum, by ordinal, found once per enum: {@link Class#getEnumConstants()} clones its array at
 * every call, and {@link WireName#parse} is on the path of every record read (a backtest reads a line's stream name
 * by it).
 */
final class EnumConstants {

    private static final ClassValue<Object[]> CONSTANTS = new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
            return type.getEnumConstants();
        }
    };

    private EnumConstants() {
    }

    /** The constants of {@code enumType}; not to be changed. */
    @SuppressWarnings("unchecked")
    static <E> E[] of(Class<E> enumType) {
        return (E[]) CONSTANTS.get(enumType);
    }
}
