package io.slowburn.analysis.events;

import java.nio.charset.StandardCharsets;

/** 64-bit fingerprints of text (FNV-1a then a SplitMix64 finalizer): compact set members for bounded state. */
final class Fingerprints {

    private Fingerprints() {
    }

    static long of(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    /** Text cut to at most {@code max} characters, so that state stays bounded whatever the input. */
    static String cap(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max);
    }
}
