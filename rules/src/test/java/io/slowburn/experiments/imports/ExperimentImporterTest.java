package io.slowburn.experiments.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fixture (a real example from the tool's documentation, see the fixtures' README) imports to the declaration expected. */
class ExperimentImporterTest {

    static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    static final long T_MS = T.toEpochMilli();

    static Path fixture(String name) {
        try {
            return Path.of(ExperimentImporterTest.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("no fixture " + name, e);
        }
    }

    static ImportOptions at(Instant start) {
        return ImportOptions.defaults().withStart(start);
    }

    static ImportResult chaosMesh(String file, ImportOptions o) throws ImportException {
        return ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, fixture("chaos-mesh/" + file), null, o);
    }

    static ImportResult litmus(String file, ImportOptions o) throws ImportException {
        return ExperimentImporter.importFile(ChaosTool.LITMUS, fixture("litmus/" + file), null, o);
    }

    static List<String> faults(ImportResult r) {
        return r.declaration().faults().stream().map(f -> f.wire()).toList();
    }

    static void window(ImportResult r, long start, Duration length) {
        assertThat(r.declaration().start()).isEqualTo(start);
        assertThat(r.declaration().end() - r.declaration().start()).isEqualTo(length.toMillis());
    }

    @Test
    void shouldImportChaosMeshPodKillAsAOneMinuteKillOfOnePodCarryingTheSelectorLabel() throws Exception {
        ImportResult r = chaosMesh("pod-kill-example.yaml", at(T));

        assertThat(faults(r)).containsExactly("process.kill");
        assertThat(r.declaration().scope().sources()).containsExactly("*");
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("app.kubernetes.io/component", "tikv"));
        window(r, T_MS, Duration.ofMinutes(1));
        assertThat(r.declaration().maxSources()).isEqualTo(1);
        assertThat(r.declaration().id()).isEqualTo("pod-kill-example-20260302T100000Z");
        assertThat(r.declaration().approvals()).isEmpty();
        assertThat(r.unmapped()).isEmpty();
        JsonNode json = r.json();
        assertThat(json.path("imported_from").toString()).isEqualTo(
                "{\"tool\":\"chaos-mesh\",\"kind\":\"PodChaos\",\"name\":\"pod-kill-example\"}");
        assertThat(json.path("unmapped").isArray()).isTrue();
    }

    @Test
    void shouldImportStressChaosMemoryAsMemoryPressureAndNameItsSizesAsUnmapped() throws Exception {
        ImportResult r = chaosMesh("cause-pod-oom.yaml", at(T));

        assertThat(faults(r)).containsExactly("memory.pressure");
        window(r, T_MS, Duration.ofSeconds(30));
        assertThat(r.unmapped()).extracting(u -> u.substring(0, u.indexOf('='))).containsExactly(
                "spec.stressors.memory.workers", "spec.stressors.memory.size", "spec.stressors.memory.oomScoreAdj");
        assertThat(r.json().path("unmapped").toString()).contains("spec.stressors.memory.size=10GB");
    }

    @Test
    void shouldImportStressChaosCpuAsCpuPressure() throws Exception {
        ImportResult r = chaosMesh("burn-cpu.yaml", at(T));

        assertThat(faults(r)).containsExactly("cpu.pressure");
        assertThat(r.unmapped()).anyMatch(u -> u.startsWith("spec.stressors.cpu.options=[\"--cpu 2\",\"--timeout 600\",\"--hdd 1\"]"));
    }

    @Test
    void shouldImportNetworkDelayWithItsNamespaceAndNameTheTargetSideAsUnmapped() throws Exception {
        ImportResult r = chaosMesh("network-delay-with-target-example.yaml", at(T));

        assertThat(faults(r)).containsExactly("network.latency");
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("namespace", "web", "app.kubernetes.io/component", "web-app"));
        window(r, T_MS, Duration.ofSeconds(10));
        assertThat(r.unmapped()).extracting(u -> u.substring(0, u.indexOf('='))).containsExactly("spec.delay", "spec.direction",
                "spec.target");
        assertThat(r.unmapped().get(2)).contains("outside the scope");
    }

    @Test
    void shouldImportIoChaosLatencyAsADependencyFailure() throws Exception {
        ImportResult r = chaosMesh("io-delay-example.yaml", at(T));

        assertThat(faults(r)).containsExactly("dependency.failure");
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("app", "etcd"));
        window(r, T_MS, Duration.ofSeconds(400));
        assertThat(r.unmapped()).extracting(u -> u.substring(0, u.indexOf('='))).containsExactly("spec.volumePath", "spec.path",
                "spec.delay", "spec.percent");
        assertThat(r.notes()).anyMatch(n -> n.contains("no disk fault"));
    }

    @Test
    void shouldRefuseTimeChaosForItHasNoSlowburnFaultEvenWhenUnmappedFaultsAreAllowed() {
        assertThatThrownBy(() -> chaosMesh("time-chaos-example.yaml", at(T))).isInstanceOf(ImportException.class)
                .hasMessageContaining("time-chaos-example.yaml").hasMessageContaining("spec.timeOffset")
                .hasMessageContaining("no clock fault").hasMessageContaining("--allow-unmapped");
        assertThatThrownBy(() -> chaosMesh("time-chaos-example.yaml", at(T).withAllowUnmapped(true)))
                .isInstanceOf(ImportException.class).hasMessageContaining("no fault slowburn can declare");
    }

    @Test
    void shouldImportAScheduleOnlyWithAWindowThatCoversItsRuns() throws Exception {
        assertThatThrownBy(() -> chaosMesh("schedule-podchaos.yaml", at(T))).isInstanceOf(ImportException.class)
                .hasMessageContaining("--duration or --end");

        ImportOptions o = new ImportOptions(null, T, null, Duration.ofHours(1), List.of(), null, true, null, false);
        ImportResult r = chaosMesh("schedule-podchaos.yaml", o);
        assertThat(faults(r)).containsExactly("process.kill");
        window(r, T_MS, Duration.ofHours(1));
        assertThat(r.declaration().maxSources()).isEqualTo(1);
        assertThat(r.unmapped()).extracting(u -> u.substring(0, u.indexOf('='))).containsExactly("spec.schedule",
                "spec.historyLimit", "spec.concurrencyPolicy");
    }

    @Test
    void shouldRefuseAWorkflow() {
        assertThatThrownBy(() -> chaosMesh("workflow-parallel.yaml", at(T))).isInstanceOf(ImportException.class)
                .hasMessageContaining("Workflow");
    }

    @Test
    void shouldTakeTheStartFromCreationTimestampAndAskForItWhenThereIsNone(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> chaosMesh("pod-kill-example.yaml", ImportOptions.defaults())).isInstanceOf(ImportException.class)
                .hasMessageContaining("--start");

        String text = Files.readString(fixture("chaos-mesh/cause-pod-oom.yaml"))
                .replace("  name: pod-oom\n", "  name: pod-oom\n  namespace: tidb\n  creationTimestamp: \"2026-03-02T09:30:00Z\"\n"
                        + "  uid: 5f1c\n");
        Path f = dir.resolve("dumped.yaml");
        Files.writeString(f, text);
        ImportResult r = ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, f, null, ImportOptions.defaults());
        window(r, Instant.parse("2026-03-02T09:30:00Z").toEpochMilli(), Duration.ofSeconds(30));
        assertThat(r.declaration().scope().labels()).containsEntry("namespace", "tidb");
        assertThat(r.unmapped()).anyMatch(u -> u.startsWith("metadata.uid=5f1c: Kubernetes object metadata"));
    }

    @Test
    void shouldNameAFieldItDoesNotKnowRatherThanDropIt(@TempDir Path dir) throws Exception {
        String text = Files.readString(fixture("chaos-mesh/pod-kill-example.yaml")) + "  futureKnob: 3\n";
        Path f = dir.resolve("future.yaml");
        Files.writeString(f, text);
        ImportResult r = ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, f, null, at(T));
        assertThat(r.unmapped()).containsExactly("spec.futureKnob=3: not understood by the importer");
        assertThat(r.json().path("unmapped").get(0).asText()).isEqualTo("spec.futureKnob=3: not understood by the importer");
    }

    @Test
    void shouldLeaveOutALabelTheSelectorsDisagreeOnAndSaySo(@TempDir Path dir) throws Exception {
        String text = Files.readString(fixture("chaos-mesh/network-delay-with-target-example.yaml"))
                .replace("    namespaces:\n      - web\n", "    namespaces:\n      - web\n      - api\n");
        Path f = dir.resolve("two-namespaces.yaml");
        Files.writeString(f, text);
        ImportResult r = ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, f, null, at(T));
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("app.kubernetes.io/component", "web-app"));
        assertThat(r.unmapped()).anyMatch(u -> u.startsWith("spec.selector.namespaces[1]=api: selectors disagree on label "
                + "'namespace' ('web' and 'api')"));
    }

    @Test
    void shouldUseSourcesAndLabelOptionsInsteadOfTheSelectors() throws Exception {
        ImportOptions o = new ImportOptions("exp-7", T, null, null, List.of("tikv-*"), "k8s.namespace.name", false, 3, false);
        ImportResult r = chaosMesh("network-delay-with-target-example.yaml", o);
        assertThat(r.declaration().id()).isEqualTo("exp-7");
        assertThat(r.declaration().scope().sources()).containsExactly("tikv-*");
        assertThat(r.declaration().scope().labels()).isEmpty();
        assertThat(r.declaration().maxSources()).isEqualTo(3);
        assertThat(r.unmapped()).anyMatch(u -> u.startsWith("spec.selector.labelSelectors.app.kubernetes.io/component=web-app: "
                + "not a scope label (--no-selector-labels)"));
    }

    @Test
    void shouldImportLitmusPodDeleteWithTheAppInfoAsScopeAndTheRunnerSettingsNamed() throws Exception {
        ImportResult r = litmus("pod-delete-force.yaml", at(T));

        assertThat(faults(r)).containsExactly("process.kill");
        assertThat(r.declaration().scope().sources()).containsExactly("*");
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("namespace", "default", "app", "nginx"));
        window(r, T_MS, Duration.ofSeconds(60));
        assertThat(r.declaration().maxSources()).isEqualTo(1);
        assertThat(r.declaration().id()).isEqualTo("engine-nginx-20260302T100000Z");
        assertThat(r.unmapped()).extracting(u -> u.substring(0, u.indexOf('='))).containsExactly("spec.annotationCheck",
                "spec.appinfo.appkind", "spec.chaosServiceAccount", "spec.experiments[0].spec.components.env[0]");
        assertThat(r.unmapped().get(3)).contains("FORCE");
    }

    @Test
    void shouldTakeLitmusTargetPodsAsTheSourcesAndTheirCountAsTheBlastRadius() throws Exception {
        ImportResult r = litmus("pod-delete-target-pods.yaml", at(T));
        assertThat(r.declaration().scope().sources()).containsExactly("pod1", "pod2");
        assertThat(r.declaration().maxSources()).isEqualTo(2);
    }

    @Test
    void shouldMapLitmusHogsAndLatencyByExperimentName() throws Exception {
        assertThat(faults(litmus("pod-memory-hog-memory-consumption.yaml", at(T)))).containsExactly("memory.pressure");
        assertThat(faults(litmus("pod-cpu-hog-cpu-cores.yaml", at(T)))).containsExactly("cpu.pressure");
        ImportResult latency = litmus("pod-network-latency-network-latency-jitter.yaml", at(T));
        assertThat(faults(latency)).containsExactly("network.latency");
        window(latency, T_MS, Duration.ofSeconds(60)); // TOTAL_CHAOS_DURATION unset: the experiment's default
        assertThat(latency.notes()).anyMatch(n -> n.contains("TOTAL_CHAOS_DURATION not set, its default 60s"));
        assertThat(latency.unmapped()).anyMatch(u -> u.contains("JITTER"));
    }

    @Test
    void shouldRefuseALitmusEngineWhoseScopeWouldBeEverySourceUnlessSourcesAreNamed() throws Exception {
        assertThatThrownBy(() -> litmus("node-memory-hog-memory-consumption-mebibytes.yaml", at(T)))
                .isInstanceOf(ImportException.class).hasMessageContaining("every source").hasMessageContaining("--sources");
        assertThatThrownBy(() -> litmus("chaos-charts-pod-delete-engine.yaml", at(T))).isInstanceOf(ImportException.class)
                .hasMessageContaining("every source");

        ImportOptions o = new ImportOptions(null, T, null, null, List.of("node-1"), null, true, null, false);
        ImportResult r = litmus("node-memory-hog-memory-consumption-mebibytes.yaml", o);
        assertThat(faults(r)).containsExactly("memory.pressure");
        assertThat(r.declaration().scope().sources()).containsExactly("node-1");
        window(r, T_MS, Duration.ofSeconds(60));
    }

    @Test
    void shouldRefuseTheToolkitExperimentWhoseLoadGeneratorIsNoFaultUnlessAllowed() {
        Path exp = fixture("chaostoolkit/complex-experiment.json");
        ImportOptions o = new ImportOptions(null, T, null, Duration.ofMinutes(2), List.of(), null, true, null, false);
        assertThatThrownBy(() -> ExperimentImporter.importFile(ChaosTool.CHAOSTOOLKIT, exp, null, o))
                .isInstanceOf(ImportException.class).hasMessageContaining("method[0].provider")
                .hasMessageContaining("vegeta");
    }

    @Test
    void shouldImportTheToolkitExperimentWithItsJournalWindowAndWithholdItsSecrets() throws Exception {
        Path exp = fixture("chaostoolkit/complex-experiment.json");
        Path journal = fixture("chaostoolkit/complex-experiment-journal.json");
        ImportOptions o = ImportOptions.defaults().withAllowUnmapped(true);
        ImportResult r = ExperimentImporter.importFile(ChaosTool.CHAOSTOOLKIT, exp, journal, o);

        assertThat(faults(r)).containsExactly("process.kill");
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("namespace", "openfaas-fn", "faas_function", "astre"));
        assertThat(r.declaration().start()).isEqualTo(Instant.parse("2026-03-02T10:00:00.104Z").toEpochMilli());
        assertThat(r.declaration().end()).isEqualTo(Instant.parse("2026-03-02T10:01:10.951Z").toEpochMilli());
        assertThat(r.declaration().title()).isEqualTo("Are our users impacted by the loss of a function?");
        assertThat(r.declaration().hypothesis()).startsWith("Function is available (While users query");
        assertThat(r.unmapped()).anyMatch(u -> u.startsWith("method[0].provider=") && u.contains("vegeta"));
        assertThat(r.unmapped()).contains("secrets: secrets are not carried (values withheld)");
        assertThat(r.unmapped()).anyMatch(u -> u.startsWith("method[2]=") && u.contains("a probe observes"));
        assertThat(r.json().toString()).doesNotContain("Basic XYZ");

        ImportResult fromJournal = ExperimentImporter.importFile(ChaosTool.CHAOSTOOLKIT, journal, null, o);
        assertThat(fromJournal.declaration().faults()).isEqualTo(r.declaration().faults());
        assertThat(fromJournal.declaration().scope()).isEqualTo(r.declaration().scope());
        assertThat(fromJournal.declaration().start()).isEqualTo(r.declaration().start());
        assertThat(fromJournal.declaration().end()).isEqualTo(r.declaration().end());
        assertThat(fromJournal.unmapped()).anyMatch(u -> u.startsWith("run=") && u.contains("the run's results"));
    }

    @Test
    void shouldRefuseAToolkitExperimentThatInjectsNothingSlowburnKnows() {
        Path exp = fixture("chaostoolkit/minimal-experiment.json");
        ImportOptions o = new ImportOptions(null, T, null, Duration.ofMinutes(1), List.of(), null, true, null, true);
        assertThatThrownBy(() -> ExperimentImporter.importFile(ChaosTool.CHAOSTOOLKIT, exp, null, o))
                .isInstanceOf(ImportException.class).hasMessageContaining("no fault slowburn can declare")
                .hasMessageContaining("os.remove");
    }

    @Test
    void shouldRefuseAToolkitExperimentWithoutAWindow() {
        Path exp = fixture("chaostoolkit/complex-experiment.json");
        assertThatThrownBy(() -> ExperimentImporter.importFile(ChaosTool.CHAOSTOOLKIT, exp, null,
                ImportOptions.defaults().withAllowUnmapped(true))).isInstanceOf(ImportException.class).hasMessageContaining("--start");
    }

    @Test
    void shouldRefuseAnotherToolsDocument() {
        assertThatThrownBy(() -> litmus("../chaos-mesh/pod-kill-example.yaml", at(T))).isInstanceOf(ImportException.class)
                .hasMessageContaining("not a LitmusChaos ChaosEngine");
        assertThatThrownBy(() -> chaosMesh("../litmus/pod-delete-force.yaml", at(T))).isInstanceOf(ImportException.class)
                .hasMessageContaining("not a Chaos Mesh resource");
    }

    @Test
    void shouldRejectDuplicateKeysAndMalformedYamlWithTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dup.yaml");
        Files.writeString(f, "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nkind: StressChaos\n");
        assertThatThrownBy(() -> ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, f, null, at(T)))
                .isInstanceOf(ImportException.class).hasMessage(f + ":3:1: duplicate key 'kind' (first given at " + f + ":2:1)");
    }

    @Test
    void shouldWordYamlSyntaxErrorsAsTheRuleFilesDo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tab.yaml");
        Files.writeString(f, "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nspec:\n\tmode: one\n");
        assertThatThrownBy(() -> ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, f, null, at(T)))
                .isInstanceOf(ImportException.class)
                .hasMessageStartingWith(f + ":4:1: invalid YAML: a tab character where YAML expects spaces");
    }

    @Test
    void shouldReadYamlInTheOneDialect() throws Exception {
        // JSON schema of YAML 1.2, as the rule files: a quoted number and 'yes' stay text, 0.5 is an exact decimal.
        List<JsonNode> docs = DocumentReader.parse("x.yaml", "a: \"30\"\nb: yes\nc: 0.5\nd: 30\n---\n---\ne: [1, true]\n");
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).get("a").isTextual()).isTrue();
        assertThat(docs.get(0).get("b").asText()).isEqualTo("yes");
        assertThat(docs.get(0).get("c").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(docs.get(0).get("d").asInt()).isEqualTo(30);
        assertThat(docs.get(1).get("e").get(1).isBoolean()).isTrue();
    }

    @Test
    void shouldRejectDuplicateKeysInJsonWithTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dup.json");
        Files.writeString(f, "{\n\t\"title\": \"a\",\n\t\"method\": [],\n\t\"title\": \"b\"\n}\n");
        assertThatThrownBy(() -> ExperimentImporter.importFile(ChaosTool.CHAOSTOOLKIT, f, null, at(T)))
                .isInstanceOf(ImportException.class).hasMessageContaining("dup.json: invalid JSON at line 4")
                .hasMessageContaining("Duplicate field 'title'");
    }

    @Test
    void shouldParseGoDurations() {
        assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("-10m100ns")).isEqualTo(Duration.ofMinutes(10).plusNanos(100).negated());
        assertThat(GoDuration.parse("400")).isNull();
        assertThat(GoDuration.parse("10 s")).isNull();
    }
}
