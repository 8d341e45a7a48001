package io.slowburn.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes manifests under deploy/kubernetes, read strictly with fabric8's model classes: a field the
 * Kubernetes API does not know, or a value of the wrong type, is an error (the model classes would otherwise keep
 * unknown fields in their "additional properties" and the API server would reject or, worse, drop them).
 */
final class Manifests {

    /** The kinds the manifests use, by "apiVersion/kind". */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/DaemonSet", DaemonSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Fails on unknown fields: the model classes' catch-all for them is taken away. */
    static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("strict-kubernetes").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                                                             BeanDeserializerBuilder builder) {
                    if (KubernetesResource.class.isAssignableFrom(bean.getBeanClass())) {
                        builder.setAnySetter(null);
                    }
                    return builder;
                }
            }));

    private Manifests() {
    }

    static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/kubernetes above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("deploy/kubernetes");
    }

    /** Every document of a YAML text as a typed resource; throws naming the document when one does not parse. */
    static List<HasMetadata> parse(String source, String yaml) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        int index = 0;
        for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue;
            }
            String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            Class<? extends HasMetadata> cls = KINDS.get(type);
            if (cls == null) {
                throw new IllegalArgumentException(source + " document " + index + ": unexpected " + type);
            }
            try {
                out.add(STRICT.treeToValue(doc, cls));
            } catch (IOException e) {
                throw new IOException(source + " document " + index + " (" + type + "): " + e.getMessage(), e);
            }
            index++;
        }
        return out;
    }

    static List<HasMetadata> parse(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
