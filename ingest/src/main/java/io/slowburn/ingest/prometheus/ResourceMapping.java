package io.slowburn.ingest.prometheus;

import io.slowburn.ingest.SourceNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an OpenTelemetry resource becomes the {@code source} and labels of its samples (the {@code resource:} section of
 * a mapping file; Prometheus scrapes have no resource and ignore it). The source is the first attribute of
 * {@code source} that the resource has; {@code labels} copies attributes to labels under new names.
 *
 * @param source attribute names, in order of preference
 * @param labels attribute name → label name
 */
public record ResourceMapping(List<String> source, Map<String, String> labels) {

    /**
     * The host first (the contract's {@code source} is a host: {@code host-17}), then the instance, the pod, the
     * service. Labels keep what tells services and processes of one host apart, not what churns at every restart.
     */
    public static final ResourceMapping DEFAULT = new ResourceMapping(
            List.of("host.name", "service.instance.id", "k8s.pod.name", "service.name"),
            orderedOf("service.name", "service", "service.namespace", "service_namespace", "deployment.environment.name", "env",
                    "deployment.environment", "env", "k8s.namespace.name", "namespace", "process.executable.name", "process",
                    "process.pid", "pid"));

    public ResourceMapping {
        source = List.copyOf(source);
        labels = Map.copyOf(labels);
    }

    private static Map<String, String> orderedOf(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The source named by the attributes, sanitized; {@code fallback} when none of them is there. */
    public String source(Map<String, String> attributes, String fallback) {
        Objects.requireNonNull(fallback, "fallback");
        for (String key : source) {
            String v = attributes.get(key);
            if (v != null && !SourceNames.sanitize(v).isEmpty()) {
                return SourceNames.sanitize(v);
            }
        }
        return fallback;
    }

    /** The labels the attributes give, values sanitized. */
    public Map<String, String> labels(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((attribute, label) -> {
            String v = attributes.get(attribute);
            if (v != null && !out.containsKey(label)) {
                out.put(label, SourceNames.sanitize(v));
            }
        });
        return out;
    }
}
