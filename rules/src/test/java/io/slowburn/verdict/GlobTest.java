package io.slowburn.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "host-4, host-4, true",
        "host-4, host-40, false",
        "host-*, host-40, true",
        "host-*, host-, true",
        "host-*, web-1, false",
        "*, anything, true",
        "*-canary, web-7-canary, true",
        "/opt/chaos/bin/*, /opt/chaos/bin/stress-ng, true",
        "/opt/chaos/bin/*, /opt/chaos/bin/sub/evil, false",
        "/usr/*/python3, /usr/bin/python3, true",
        "/usr/*/python3, /usr/a/b/python3, false",
        "a*b*c, aXbYc, true",
        "a*b*c, aXb/c, false",
        "a*b*c, ab/bc, false",
    })
    void matchesStarsWithinOnePathSegment(String pattern, String text, boolean expected) {
        assertThat(Glob.matches(pattern, text)).isEqualTo(expected);
    }
}
