package io.slowburn.experiments.imports;

import static io.slowburn.experiments.imports.ExperimentImporterTest.T;
import static io.slowburn.experiments.imports.ExperimentImporterTest.at;
import static io.slowburn.experiments.imports.ExperimentImporterTest.faults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Chaos Mesh mapping rows the fixtures do not reach: pods, expressions, fixed mode, netem, DNS, HTTP, refusals. */
class ChaosMeshMappingTest {

    @TempDir
    Path dir;

    ImportResult load(String spec) throws Exception {
        return load("NetworkChaos", spec);
    }

    ImportResult load(String kind, String spec) throws Exception {
        Path f = dir.resolve(kind + ".yaml");
        Files.writeString(f, "apiVersion: chaos-mesh.org/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: x\nspec:\n" + spec);
        return ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, f, null, at(T));
    }

    @Test
    void shouldTakeNamedPodsAsSourcesWithTheirNamespaceAndFixedModeAsTheBlastRadius() throws Exception {
        ImportResult r = load("PodChaos", """
                  action: pod-kill
                  mode: fixed
                  value: "2"
                  selector:
                    pods:
                      shop: [checkout-0, checkout-1, checkout-2]
                """);
        assertThat(r.declaration().scope().sources()).containsExactly("checkout-0", "checkout-1", "checkout-2");
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("namespace", "shop"));
        assertThat(r.declaration().maxSources()).isEqualTo(2);
        assertThat(r.unmapped()).isEmpty();
    }

    @Test
    void shouldTakeAnInExpressionWithOneValueAsALabelAndNameTheOthers() throws Exception {
        ImportResult r = load("""
                  action: loss
                  mode: all
                  selector:
                    namespaces: [shop]
                    expressionSelectors:
                      - {key: tier, operator: In, values: [web]}
                      - {key: zone, operator: NotIn, values: [a]}
                  duration: 5m
                """);
        assertThat(faults(r)).containsExactly("network.loss");
        assertThat(r.declaration().scope().labels()).isEqualTo(Map.of("namespace", "shop", "tier", "web"));
        assertThat(r.declaration().maxSources()).isEqualTo(1);
        assertThat(r.unmapped()).extracting(u -> u.substring(0, u.indexOf('='))).containsExactly("spec.mode",
                "spec.selector.expressionSelectors[1]");
    }

    @Test
    void shouldMapNetemByItsPartsAndRefuseDuplication() throws Exception {
        ImportResult r = load("""
                  action: netem
                  mode: one
                  selector: {labelSelectors: {app: web}}
                  delay: {latency: 50ms}
                  loss: {loss: "10"}
                  duration: 1m
                """);
        assertThat(faults(r)).containsExactly("network.latency", "network.loss");

        assertThatThrownBy(() -> load("""
                  action: duplicate
                  mode: one
                  selector: {labelSelectors: {app: web}}
                  duration: 1m
                """)).isInstanceOf(ImportException.class).hasMessageContaining("duplication");
    }

    @Test
    void shouldMapDnsAndHttpChaos() throws Exception {
        assertThat(faults(load("DNSChaos", """
                  action: error
                  mode: one
                  selector: {labelSelectors: {app: web}}
                  duration: 1m
                """))).containsExactly("dependency.failure");
        assertThat(faults(load("HTTPChaos", """
                  mode: one
                  selector: {labelSelectors: {app: web}}
                  target: Request
                  port: 80
                  delay: 2s
                  abort: true
                  duration: 1m
                """))).containsExactly("network.latency", "dependency.failure");
    }

    @Test
    void shouldRefuseIoChaosThatCorruptsFilesAndSeveralResourcesInOneFile() throws Exception {
        assertThatThrownBy(() -> load("IOChaos", """
                  action: mistake
                  mode: one
                  selector: {labelSelectors: {app: web}}
                  duration: 1m
                """)).isInstanceOf(ImportException.class).hasMessageContaining("mistake");

        Path f = dir.resolve("two.yaml");
        String one = "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nmetadata: {name: a}\nspec: {action: pod-kill, mode: one,"
                + " selector: {labelSelectors: {app: web}}}\n";
        Files.writeString(f, one + "---\n" + one.replace("name: a", "name: b"));
        assertThatThrownBy(() -> ExperimentImporter.importFile(ChaosTool.CHAOS_MESH, f, null, at(T)))
                .isInstanceOf(ImportException.class).hasMessageContaining("2 experiments in one file");
    }

    @Test
    void shouldCapTheUnmappedListInTheDeclarationButPrintEveryEntry() throws Exception {
        StringBuilder spec = new StringBuilder("  action: pod-kill\n  mode: one\n  selector: {labelSelectors: {app: web}}\n");
        for (int i = 0; i < 120; i++) {
            spec.append("  knob").append(i).append(": ").append(i).append('\n');
        }
        ImportResult r = load("PodChaos", spec.toString());
        assertThat(r.unmapped()).hasSize(120);
        assertThat(r.json().path("unmapped")).hasSize(DeclarationDraft.MAX_UNMAPPED_IN_DECLARATION + 1);
        assertThat(r.json().path("unmapped").get(100).asText()).isEqualTo("... and 20 more (printed by the import)");
    }
}
