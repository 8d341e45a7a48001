package io.slowburn.detector.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.DetectorSetup;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.engine.RuleBook;
import io.slowburn.engine.RuleEvaluator;
import io.slowburn.ingest.simulate.ScenarioCatalog;
import io.slowburn.ingest.simulate.ScenarioGenerator;
import io.slowburn.ingest.simulate.ScenarioRecord;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.verdict.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backtest keeps rule states as objects between samples; the topology serializes them around every sample. Both must
 * decide the same, which holds when every analysis' {@code writeTo}/{@code readState} round-trip is exact: this runs
 * the shipped scenarios (every default rule) both ways and compares every alert, audit record and abort byte for byte.
 */
class ObjectStatesTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "kill-experiment", "retry-storm", "forged-experiment"})
    void shouldDecideTheSameWithObjectStatesAsWithSerializedStates(String scenario) throws Exception {
        assertThat(run(scenario, true)).isEqualTo(run(scenario, false)).isNotEmpty();
    }

    /**
     * Live, at most a few thousand states per task stay objects; the least recently used are written into the store
     * to make room and read back when their series comes again. With room for one state, that happens around almost
     * every sample.
     */
    @ParameterizedTest
    @ValueSource(strings = "retry-storm")
    void shouldDecideTheSameWhenStatesMakeRoomForOthers(String scenario) throws Exception {
        assertThat(run(scenario, 1)).isEqualTo(run(scenario, false)).isNotEmpty();
    }

    private static List<String> run(String scenario, boolean objectStates) throws Exception {
        return run(scenario, objectStates ? RuleEvaluator.ALL_IN_MEMORY : 0);
    }

    private static List<String> run(String scenario, int cachedStates) throws Exception {
        RuleBook rules = new RuleBook(RuleSources.load((Path) null).orThrow());
        DetectorConfig config = DetectorConfig.of(Map.of("state.store.type", "memory"));
        TrustedKeySource keys = TrustedKeySource.fixed(TrustedKeys.of(Map.of(SigningKeys.DEMO, SigningKeys.demoPublicKey())));
        List<String> out = new ArrayList<>();
        try (OfflineDetector d = new OfflineDetector(config, DetectorSetup.of(config, rules, keys), DetectorMetrics.detached(),
                cachedStates)) {
            for (ScenarioRecord r : new ScenarioGenerator(ScenarioCatalog.load(scenario))) {
                d.pipeLine(r.line());
                d.drainAlerts().forEach(kv -> out.add("alert " + new String(kv.value, StandardCharsets.UTF_8)));
                d.drainAudit().forEach(kv -> out.add("audit " + new String(kv.value, StandardCharsets.UTF_8)));
                d.drainControl().forEach(kv -> out.add("control " + new String(kv.value, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }
}
