package io.slowburn.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.ingest.simulate.FleetSuite;
import io.slowburn.ingest.simulate.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host memory shapes that the detection suite once got wrong, replayed as the suite replays a seed: the simulator's
 * host model (page cache sawtooth, daily cycle, noise), slowburn's offline backtest with the default rules, the scorer.
 * Each scenario is seed 14's fleet (each host draws its own noise from the seed and its place in the list) with the
 * seed's cycles and fleet deploy, and one of its incidents: a change that brings the old answer back fails here.
 */
class HostMemoryShapesTest {

    private static SeedRun.Result run(Path dir, String name, String incidents) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("demo.pub"), SigningKeys.demoPublicPem(), StandardCharsets.US_ASCII);
        String scenario = """
                name: %s
                duration: 1800m
                step: 60s
                seed: 14
                hosts: [web-1, web-2, web-3, web-4, api-1, api-2, api-3, worker-1, worker-2, worker-3]
                baseline: {service: checkout, error_ratio: 0.002}
                incidents:
                  - kind: cycles
                    hosts: all
                    at: +0m
                    weekly: 0.1611
                    memory_daily: 300049775
                    heap_daily: 71364394
                    label: {id: c1, kind: daily_weekly_cycle, verdict: benign, signals: [latency_drift, memory_drift, anomaly]}
                  - kind: deploy
                    hosts: all
                    at: +1041m
                    duration: 25m
                    spacing: 2m
                    label: {id: c2, kind: fleet_deploy, verdict: benign, signals: [crash_loop, retry_storm, gc_pressure, anomaly]}
                %s""".formatted(name, incidents.indent(2));
        return SeedRun.run(14, scenario, dir.resolve(name), keys, false);
    }

    @Test
    void shouldStaySilentWhileASlowCacheWarmsUpOnThePageCacheSawtooth(@TempDir Path dir) throws Exception {
        // Seed 14's worker-3: 2.4 GB of cache warming up with a time constant of 102 minutes. An hour in it still
        // climbs at half its first pace, like a twelve-hour leak, and at +1h24m min_rise (80m) has let it through; its
        // bend is significant on the 1.6- and 3.2-hour rungs, and a rise that young which bends is not called (this
        // fired at +1h24m before).
        SeedRun.Result r = run(dir, "slow-warm-up", """
                - kind: cache_warmup
                  hosts: [worker-3]
                  at: +1291m
                  metric: os.memory.used
                  amount: 2422378485
                  ramp: 306m
                  label: {id: c3, kind: cache_warmup_memory, verdict: benign, signals: [memory_drift]}
                """);
        assertThat(r.slowburn().falseAlerts()).isEmpty();
    }

    @Test
    void shouldStaySilentOnTheDailyCycleADayAfterHostMemorySteppedUp(@TempDir Path dir) throws Exception {
        // The suite's whole seed 55 (three days of ten hosts): web-3's host memory steps up 2.15 GB at +20h20m and
        // stays. For a day the level stands above the same hour yesterday by the step and above every level of the day
        // before, so the daily cycle's next rising half passed both cycle guards: a 6.4-hour rung climbing 94 MB/h
        // warned 14 hours after the step. The same hours yesterday rose about as fast: the cycle, not called. (Cut down
        // to seed 14's fleet and two incidents, as the other cases here, the same step's warning stands: there the
        // stretch rises at about 1.7 times yesterday's pace, more than the check allows.)
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("demo.pub"), SigningKeys.demoPublicPem(), StandardCharsets.US_ASCII);
        SeedRun.Result r = SeedRun.run(55, FleetSuite.Options.defaults(), dir.resolve("seed-55"), keys, false);
        assertThat(r.slowburn().falseAlerts()).filteredOn(f -> f.confounderKind().startsWith("level_step")).isEmpty();
    }

    @Test
    void shouldCatchALeakThatStartsHalfADayAfterHostMemorySteppedDown(@TempDir Path dir) throws Exception {
        // Seed 14's api-1: host memory stepped down 2.4 GB at +7h34m and stayed there; a twelve-hour leak began 17 hours
        // later. For hours it climbs back toward where the series stood at the same time yesterday, below yesterday's
        // level and below the past day's peak, as a daily cycle's rising half is. But the series had not come near
        // yesterday's level in the twelve hours before, and yesterday the same hours did not rise: yesterday says
        // nothing about this rise. Caught after 2.6 hours here (80 minutes in the full seed 14 of detection.sh); it waited
        // 3.9 hours, for the leak to climb back over the old level, before.
        SeedRun.Result r = run(dir, "leak-after-step-down", """
                - kind: level_step
                  hosts: [api-1]
                  at: +454m
                  metric: os.memory.used
                  amount: 2406626933
                  direction: down
                  label: {id: c3, kind: level_step_memory, verdict: benign, signals: [memory_drift]}
                - kind: memory_leak
                  hosts: [api-1]
                  at: +1484m
                  duration: 316m
                  rate_per_hour: 776711409
                  label: {id: i1, kind: memory_leak_12h, verdict: suspicious, signals: [memory_drift]}
                """);
        Scorer.Outcome leak = r.slowburn().outcomes().get(0);
        assertThat(leak.caught()).as(leak.why()).isTrue();
        assertThat(leak.delayMs()).isLessThanOrEqualTo(3 * 3_600_000L);
        assertThat(r.slowburn().falseAlerts()).isEmpty();
    }
}
