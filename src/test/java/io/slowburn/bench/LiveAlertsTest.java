package io.slowburn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's check that a live run raised the backtest's alerts: what a subscriber acts on must be equal. */
class LiveAlertsTest {

    private static final String FIRING = "{\"id\":\"heap-floor-drift-1\",\"ts\":1772534820000,\"status\":\"firing\","
            + "\"verdict\":\"suspicious\",\"severity\":\"critical\",\"evidence\":{\"p_value\":1.0E-5}}";
    private static final String RESOLVED = "{\"id\":\"heap-floor-drift-1\",\"ts\":1772540520000,\"status\":\"resolved\","
            + "\"verdict\":\"suspicious\",\"severity\":\"critical\",\"evidence\":{}}";

    @TempDir
    Path tmp;

    @Test
    void shouldCallTheSameAlertsEqualWhateverTheirEvidenceAndOrder() throws Exception {
        Path backtest = Files.writeString(tmp.resolve("alerts.jsonl"), FIRING + "\n" + RESOLVED + "\n");
        String live = FIRING.replace("1.0E-5", "2.0E-5");

        assertThat(LiveAlerts.compare("run", List.of(RESOLVED, live), backtest))
                .isEqualTo("alerts: run wrote 2, the backtest's 2 (id, status, time, verdict, severity): equal");
    }

    @Test
    void shouldNameEveryAlertOnlyOneSideRaised() throws Exception {
        Path backtest = Files.writeString(tmp.resolve("alerts.jsonl"), FIRING + "\n" + RESOLVED + "\n");
        String later = FIRING.replace("1772534820000", "1772534880000");

        assertThat(LiveAlerts.compare("run", List.of(later), backtest)).isEqualTo("alerts: run wrote 1, the backtest 2: NOT EQUAL; "
                + "only live: [heap-floor-drift-1 firing 1772534880000 suspicious critical]; only in the backtest: "
                + "[heap-floor-drift-1 firing 1772534820000 suspicious critical, "
                + "heap-floor-drift-1 resolved 1772540520000 suspicious critical]");
    }
}
