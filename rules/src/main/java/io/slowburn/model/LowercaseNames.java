package io.slowburn.model;

import java.util.Locale;

/**
 * The lowercase names of an enum's constants, by ordinal, computed once per enum: {@link WireName#wire()} is on the
 * path of every record written, and must not allocate a string each time.
 */
final class LowercaseNames {

    private static final ClassValue<String[]> NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
            }
            return names;
        }
    };

    private LowercaseNames() {
    }

    static String[] of(Class<?> enumType) {
        return NAMES.get(enumType);
    }
}
