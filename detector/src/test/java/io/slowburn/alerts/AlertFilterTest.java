package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.Severity;
import io.slowburn.model.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

    @Test
    void filtersByVerdictAndMinimumSeverity() {
        AlertRecord critical = AlertSamples.alert("1", "firing", "suspicious", "critical", null);
        AlertRecord warning = AlertSamples.alert("2", "firing", "breach", "warning", "exp-42");
        AlertRecord info = AlertSamples.alert("3", "firing", "sanctioned", "info", "exp-42");
        AlertRecord unknown = AlertSamples.alert("4", "firing", "suspicious", "catastrophic", null);

        assertThat(AlertFilter.all().test(info)).isTrue();
        assertThat(AlertFilter.all().test(unknown)).isTrue();

        AlertFilter warningUp = new AlertFilter(Set.of(), Severity.WARNING);
        assertThat(warningUp.test(critical)).isTrue();
        assertThat(warningUp.test(warning)).isTrue();
        assertThat(warningUp.test(info)).isFalse();
        assertThat(warningUp.test(unknown)).isFalse();

        AlertFilter suspicious = new AlertFilter(Set.of(Verdict.SUSPICIOUS), null);
        assertThat(suspicious.test(critical)).isTrue();
        assertThat(suspicious.test(warning)).isFalse();

        AlertFilter both = new AlertFilter(Set.of(Verdict.SUSPICIOUS, Verdict.BREACH), Severity.CRITICAL);
        assertThat(both.test(critical)).isTrue();
        assertThat(both.test(warning)).isFalse();
    }
}
