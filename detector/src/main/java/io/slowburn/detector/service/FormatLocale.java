package io.slowburn.detector.service;

import java.util.Locale;

/**
 * Makes the JVM's default format locale {@code en_US} where it is English without a country, as Java reads a
 * {@code C} or {@code C.UTF-8} environment (most container images and CI runners). The two format every number, date
 * and text alike ("en" is US English), so no text changes; but Java 17's {@link java.util.Formatter} builds a new
 * {@link java.text.DecimalFormatSymbols} for every {@code %d} under any default locale other than {@code en_US}
 * itself, and Kafka Streams 4.4 formats such a text, that it does not log, at every record for every input partition
 * of a task that has nothing buffered ({@code PartitionGroup.readyToProcess}). An intake task reads four partitions of
 * which three are mostly empty (events, experiments, observations by source): JFR, exactly-once, 72 h bench, C.UTF-8:
 * 6% of the stream thread building those symbols. Any other default (a country given, another language) is left alone.
 */
public final class FormatLocale {

    private FormatLocale() {
    }

    /** Sets the default format locale to {@code en_US} if it is {@code en} without a country; returns the default then. */
    public static Locale preferUnitedStatesForEnglish() {
        synchronized (FormatLocale.class) {
            Locale current = Locale.getDefault(Locale.Category.FORMAT);
            if (current.equals(Locale.ENGLISH)) {
                Locale.setDefault(Locale.Category.FORMAT, Locale.US);
            }
            return Locale.getDefault(Locale.Category.FORMAT);
        }
    }
}
