package io.slowburn.detector.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FormatLocaleTest {

    private Locale before;

    @BeforeEach
    void remember() {
        before = Locale.getDefault(Locale.Category.FORMAT);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, before);
    }

    @Test
    void englishWithoutACountryBecomesUnitedStatesEnglish() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.ENGLISH);
        assertEquals(Locale.US, FormatLocale.preferUnitedStatesForEnglish());
        assertEquals(Locale.US, Locale.getDefault(Locale.Category.FORMAT));
    }

    @Test
    void anyOtherDefaultIsLeftAlone() {
        for (Locale other : List.of(Locale.GERMANY, Locale.UK, Locale.ROOT, Locale.FRENCH, Locale.US)) {
            Locale.setDefault(Locale.Category.FORMAT, other);
            assertEquals(other, FormatLocale.preferUnitedStatesForEnglish());
        }
    }

    @Test
    void englishAndUnitedStatesEnglishFormatAlike() {
        ZonedDateTime t = ZonedDateTime.of(2026, 12, 4, 8, 17, 12, 0, ZoneOffset.UTC);
        Object[][] cases = {
            {"Partition %s has fetched lag of %d", "metrics-0", -1L},
            {"%,d %,.3f %.2e %g", 1234567L, 9876.54321, 0.000123, 12.5},
            {"%S %x %o %b %c %%", "mixed Case i", 255, 8, true, 'q'},
            {"%tc %tA %tB %tp", t, t, t, t},
        };
        for (Object[] c : cases) {
            String format = (String) c[0];
            Object[] args = Arrays.copyOfRange(c, 1, c.length);
            assertEquals(String.format(Locale.US, format, args), String.format(Locale.ENGLISH, format, args), format);
        }
    }
}
