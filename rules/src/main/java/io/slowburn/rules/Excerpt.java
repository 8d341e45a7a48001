package io.slowburn.rules;

/**
 * A short excerpt of text quoted in a problem: rule problems are printed, logged and (in the service) written to
 * the audit topic, so they quote at most a few dozen characters of what they read, never a whole file (a rule file
 * may be a symlink to a secret; a scalar may be a whole file's text).
 */
public final class Excerpt {

    /** Characters of a quoted value. */
    public static final int VALUE = 60;
    /** Characters of a whole problem message. */
    public static final int MESSAGE = 600;

    private Excerpt() {
    }

    /** {@code text} cut to {@code max} characters (never inside a surrogate pair) with an ellipsis, one line. */
    public static String of(String text, int max) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        if (oneLine.length() <= max) {
            return oneLine;
        }
        int cut = Character.isHighSurrogate(oneLine.charAt(max - 4)) ? max - 4 : max - 3;
        return oneLine.substring(0, cut) + "... (" + oneLine.length() + " characters)";
    }

    public static String of(String text) {
        return of(text, VALUE);
    }
}
