package io.slowburn.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.MetricsEndpoint;
import io.slowburn.detector.service.RuleSources;
import io.slowburn.detector.service.StreamsHealth;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes parses with the Kubernetes model classes (strictly: see {@link Manifests}) and holds together:
 * what one object names in another exists, the detector's settings validate and agree with the pod's mounts, and
 * the probes ask for paths the detector serves.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Manifests.directory();
    private static JsonNode kustomization;
    private static final List<HasMetadata> ALL = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        kustomization = Manifests.YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        for (JsonNode r : kustomization.path("resources")) {
            ALL.addAll(Manifests.parse(DIR.resolve(r.asText())));
        }
    }

    private static <T extends HasMetadata> T one(Class<T> kind, String name) {
        return ALL.stream().filter(kind::isInstance).map(kind::cast).filter(o -> o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
    }

    private static StatefulSet detector() {
        return one(StatefulSet.class, "slowburn-detector");
    }

    private static Properties detectorProperties() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(one(ConfigMap.class, "slowburn-detector").getData().get("detector.properties")));
        return p;
    }

    private static VolumeMount mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws Exception {
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
        assertThat(ALL).extracting(o -> o.getKind()).contains("StatefulSet", "DaemonSet", "PodDisruptionBudget", "Secret");
        // Every container runs the image the kustomization pins.
        String image = kustomization.path("images").get(0).path("name").asText();
        assertThat(podSpecs()).flatExtracting(PodSpec::getContainers).extracting(Container::getImage).containsOnly(image);
    }

    @Test
    void shouldRejectUnknownFieldsAndWrongTypes() {
        String typo = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          livenesProbe: {httpGet: {path: /healthz, port: 9464}}
                """;
        assertThatThrownBy(() -> Manifests.parse("typo.yaml", typo)).hasMessageContaining("livenesProbe");
        String wrongType = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec: {replicas: three}\n";
        assertThatThrownBy(() -> Manifests.parse("type.yaml", wrongType)).hasMessageContaining("replicas");
        String wrongKind = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n";
        assertThatThrownBy(() -> Manifests.parse("kind.yaml", wrongKind)).hasMessageContaining("apps/v1/Deployment");
    }

    @Test
    void shouldGiveTheDetectorValidSettingsThatAgreeWithItsPod() throws Exception {
        Properties props = detectorProperties();
        Map<String, Object> settings = new HashMap<>();
        props.forEach((k, v) -> settings.put((String) k, v));
        assertThat(DetectorConfig.validate(settings)).isEmpty();
        DetectorConfig config = DetectorConfig.of(settings);

        StatefulSet sts = detector();
        Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).containsExactly("run", "--config", mount(c, "config").getMountPath());
        assertThat(mount(c, "state").getMountPath()).isEqualTo(config.getString(DetectorConfig.STATE_DIR));
        assertThat(sts.getSpec().getVolumeClaimTemplates()).extracting(v -> v.getMetadata().getName()).containsExactly("state");
        assertThat(mount(c, "rules").getMountPath()).isEqualTo(config.getString(DetectorConfig.RULES_DIR));
        assertThat(mount(c, "trusted-keys").getMountPath()).isEqualTo(config.getString(DetectorConfig.TRUSTED_KEYS_DIR));
        assertThat(config.getString(DetectorConfig.METRICS_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(c.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(config.getInt(DetectorConfig.METRICS_PORT));
        });
        // A standby needs another pod to live on; the budget lets at most that many pods go at once.
        int standbys = config.getInt(DetectorConfig.NUM_STANDBY_REPLICAS);
        assertThat(standbys).isBetween(1, sts.getSpec().getReplicas() - 1);
        assertThat(one(PodDisruptionBudget.class, "slowburn-detector").getSpec().getMaxUnavailable().getIntVal())
                .isLessThanOrEqualTo(standbys);
        // The JAAS file the JVM is told about is the Secret's key, where the Secret is mounted.
        String jaas = c.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow().getValue();
        assertThat(jaas).isEqualTo("-Djava.security.auth.login.config=" + mount(c, "kafka-credentials").getMountPath() + "/jaas.conf");
        assertThat(one(Secret.class, "slowburn-kafka-credentials").getStringData()).containsKey("jaas.conf");
        assertThat(config.kafkaPassThrough()).containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void shouldProbePathsTheDetectorServes() throws Exception {
        Container c = detector().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(c.getPorts().get(0).getName());
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(c.getPorts().get(0).getName());
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0,
                new StreamsHealth(() -> KafkaStreams.State.RUNNING))) {
            for (String path : List.of(c.getReadinessProbe().getHttpGet().getPath(), c.getLivenessProbe().getHttpGet().getPath(),
                    detector().getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/path"))) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldSelectThePodsItLabels() {
        StatefulSet sts = detector();
        Map<String, String> podLabels = sts.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels());
        Service svc = one(Service.class, sts.getSpec().getServiceName());
        assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(podLabels).containsAllEntriesOf(
                one(PodDisruptionBudget.class, "slowburn-detector").getSpec().getSelector().getMatchLabels());
        DaemonSet ds = one(DaemonSet.class, "slowburn-ingest-os");
        assertThat(ds.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(ds.getSpec().getSelector().getMatchLabels());
        assertThat(ds.getSpec().getSelector().getMatchLabels()).doesNotContainEntry("app.kubernetes.io/name", "slowburn-detector");
    }

    @Test
    void shouldReferenceOnlyVolumesConfigMapKeysAndSecretsThatExist() {
        for (PodSpec pod : podSpecs()) {
            List<String> volumes = pod.getVolumes().stream().map(Volume::getName).toList();
            for (Container c : pod.getContainers()) {
                assertThat(volumes).as("volumes of %s", c.getName()).containsAll(
                        c.getVolumeMounts().stream().map(VolumeMount::getName).filter(n -> !n.equals("state")).toList());
                assertThat(c.getVolumeMounts()).extracting(VolumeMount::getName).as("every volume mounted").containsAll(volumes);
                for (VolumeMount m : c.getVolumeMounts()) {
                    Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst().orElse(null);
                    if (m.getSubPath() != null && v != null && v.getConfigMap() != null) {
                        assertThat(v.getConfigMap().getItems()).extracting(i -> i.getPath()).contains(m.getSubPath());
                    }
                }
            }
            for (Volume v : pod.getVolumes()) {
                if (v.getConfigMap() != null) {
                    ConfigMap cm = one(ConfigMap.class, v.getConfigMap().getName());
                    for (var item : v.getConfigMap().getItems()) {
                        assertThat(cm.getData()).as("ConfigMap %s", cm.getMetadata().getName()).containsKey(item.getKey());
                    }
                }
                if (v.getSecret() != null) {
                    one(Secret.class, v.getSecret().getSecretName());
                }
            }
        }
    }

    @Test
    void shouldMountTheRulesWholeSoThatTheirUpdatesReachThePod(@TempDir Path tmp) throws Exception {
        Container c = detector().getSpec().getTemplate().getSpec().getContainers().get(0);
        // kubelet updates a ConfigMap volume by swapping its ..data link: never for a subPath mount.
        assertThat(mount(c, "rules").getSubPath()).isNull();
        assertThat(detector().getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("rules"))
                .singleElement().satisfies(v -> assertThat(v.getConfigMap().getItems()).isEmpty());
        // The rules shipped in the ConfigMap load on top of the default pack.
        for (var e : one(ConfigMap.class, "slowburn-rules").getData().entrySet()) {
            Files.writeString(tmp.resolve(e.getKey()), e.getValue());
        }
        assertThat(RuleSources.load(tmp).problems()).isEmpty();
        assertThat(Long.parseLong(detectorProperties().getProperty(DetectorConfig.RULES_RELOAD_INTERVAL_MS))).isPositive();
    }

    @Test
    void shouldGiveIngestTheHostProcReadOnlyAndTheNodeAsSource() {
        PodSpec pod = one(DaemonSet.class, "slowburn-ingest-os").getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getArgs()).startsWith("ingest", "os");
        VolumeMount proc = mount(c, "proc");
        assertThat(proc.getReadOnly()).isTrue();
        assertThat(c.getArgs()).containsSequence("--proc-root", proc.getMountPath()).containsSequence("--source", "$(NODE_NAME)");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("proc")).singleElement()
                .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/proc"));
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("NODE_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void shouldRunEveryPodAsTheImagesNonRootUser() {
        for (PodSpec pod : podSpecs()) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
            for (Container c : pod.getContainers()) {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(mount(c, "tmp").getMountPath()).isEqualTo("/tmp");
                assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).containsKey("memory");
            }
        }
    }

    private static List<PodSpec> podSpecs() {
        List<PodSpec> out = new ArrayList<>();
        out.add(detector().getSpec().getTemplate().getSpec());
        out.add(one(DaemonSet.class, "slowburn-ingest-os").getSpec().getTemplate().getSpec());
        return out;
    }
}
