package io.slowburn.cli;

import io.slowburn.analysis.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Parses {@code 10s}, {@code 15m}, {@code 7d} on the command line. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
