package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * A Chaos Mesh resource as a declaration. Kinds: PodChaos, StressChaos, NetworkChaos, IOChaos, TimeChaos, DNSChaos,
 * HTTPChaos, and a Schedule of one of them. Scope from {@code spec.selector} ({@link ChaosMeshSelector}), window from
 * {@code spec.duration}, blast radius from {@code spec.mode}/{@code value}, faults from the kind and action (the table
 * in the README). A Workflow is refused: its templates are separate experiments with their own scopes.
 */
final class ChaosMeshImporter {

    private static final String MAGNITUDE = "how hard it injects: a declaration sanctions the fault at any strength";

    private ChaosMeshImporter() {
    }

    static ImportResult importResource(JsonNode doc, ImportOptions options) throws ImportException {
        String kind = doc.path("kind").asText("");
        if (kind.isEmpty() || !doc.path("apiVersion").asText("").startsWith("chaos-mesh.org/")) {
            throw new ImportException("not a Chaos Mesh resource (apiVersion chaos-mesh.org/..., got apiVersion '"
                    + doc.path("apiVersion").asText("") + "', kind '" + kind + "')");
        }
        if (kind.equals("Workflow")) {
            throw new ImportException("a Chaos Mesh Workflow is several experiments with their own scopes and deadlines: "
                    + "import each template's chaos as its own resource");
        }
        FieldLedger ledger = new FieldLedger(doc);
        DeclarationDraft d = new DeclarationDraft(ChaosTool.CHAOS_MESH, options, ledger);
        ledger.use("apiVersion");
        ledger.use("kind");
        String name = doc.path("metadata").path("name").asText(null);
        String namespace = doc.path("metadata").path("namespace").asText(null);
        Instant created = created(doc, ledger);
        ledger.use("metadata.name");
        ledger.use("metadata.namespace");
        metadataRest(doc, ledger);
        ledger.unmapped("status", "the resource's runtime status is not read");
        JsonNode spec = doc.path("spec");
        String specPath = "spec";
        String chaosKind = kind;
        boolean schedule = kind.equals("Schedule");
        if (schedule) {
            chaosKind = spec.path("type").asText("");
            ledger.use("spec.type");
            String key = scheduleKey(chaosKind);
            if (key == null || !spec.has(key)) {
                throw new ImportException("Schedule of type '" + chaosKind + "': expected its chaos in spec."
                        + (key == null ? "<type>" : key));
            }
            specPath = "spec." + key;
            spec = spec.get(key);
            String cron = doc.path("spec").path("schedule").asText("");
            ledger.unmapped("spec.schedule", "repeats the chaos; the declaration has one window, which must cover the runs "
                    + "it sanctions (--duration or --end)");
            d.note("Schedule '" + cron + "': one window from the start for --duration/--end covers every run in it");
            for (String k : new String[] {"historyLimit", "concurrencyPolicy", "startingDeadlineSeconds"}) {
                if (doc.path("spec").has(k)) {
                    ledger.unmapped("spec." + k, "schedule bookkeeping, no bearing on what is sanctioned");
                }
            }
        }
        d.origin(kind, name, namespace);
        String action = spec.path("action").asText("");
        d.title("Chaos Mesh " + kind + (schedule ? " of " + chaosKind : "") + " " + (namespace == null ? "" : namespace + "/")
                + (name == null ? "" : name) + (action.isEmpty() ? "" : " (" + action + ")"));
        boolean oneShot = faults(chaosKind, spec, specPath, d);
        ChaosMeshSelector.apply(spec.get("selector"), specPath + ".selector", namespace, d);
        mode(spec, specPath, d);
        Duration duration = null;
        if (spec.has("duration")) {
            duration = GoDuration.parse(spec.path("duration").asText());
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new ImportException(specPath + ".duration: '" + spec.path("duration").asText() + "' is not a positive "
                        + "duration such as 30s or 1h30m");
            }
            ledger.use(specPath + ".duration");
        }
        if (schedule) {
            // each run lasts 'duration'; the schedule's window is the span of runs, which only the user knows
            d.window(created, "metadata.creationTimestamp", null, "a Schedule runs until it is deleted", null);
        } else {
            d.window(created, "metadata.creationTimestamp", duration, specPath + ".duration",
                    oneShot ? DeclarationDraft.ONE_SHOT_WINDOW : null);
        }
        if (spec.has("scheduler")) {
            ledger.unmapped(specPath + ".scheduler", "repeats the chaos (Chaos Mesh 1.x); the window covers one run unless "
                    + "--end or --duration covers them all");
        }
        ledger.unmapped(specPath + ".containerNames", "container-level targeting: the scope is the pod's source");
        ledger.unmapped(specPath + ".remoteCluster", "another cluster: the scope does not say which cluster");
        return d.build();
    }

    /** Adds the kind's faults; whether the action is instantaneous (a kill) and so needs no duration. */
    private static boolean faults(String kind, JsonNode spec, String at, DeclarationDraft d) throws ImportException {
        FieldLedger l = d.ledger();
        String action = spec.path("action").asText("");
        String actionAt = at + ".action";
        switch (kind) {
            case "PodChaos" -> {
                switch (action) {
                    case "pod-kill", "container-kill" -> {
                        d.fault(Fault.PROCESS_KILL, actionAt + "=" + action);
                        l.use(actionAt);
                        l.unmapped(at + ".gracePeriod", "how the kill is done, no bearing on what is sanctioned");
                        return true;
                    }
                    case "pod-failure" -> {
                        // the pod's containers are replaced by a pause image: they stop and restart as a kill would
                        d.fault(Fault.PROCESS_KILL, actionAt + "=" + action);
                        l.use(actionAt);
                    }
                    default -> d.unmappableFault(actionAt, "PodChaos action '" + action + "' is not known");
                }
            }
            case "StressChaos" -> {
                JsonNode s = spec.path("stressors");
                if (s.has("memory")) {
                    d.fault(Fault.MEMORY_PRESSURE, at + ".stressors.memory");
                    magnitudes(s.get("memory"), at + ".stressors.memory", l);
                }
                if (s.has("cpu")) {
                    d.fault(Fault.CPU_PRESSURE, at + ".stressors.cpu");
                    magnitudes(s.get("cpu"), at + ".stressors.cpu", l);
                }
                if (spec.has("stressngStressors")) {
                    stressNg(spec.path("stressngStressors").asText(""), at + ".stressngStressors", d);
                }
                if (!s.has("memory") && !s.has("cpu") && !spec.has("stressngStressors")) {
                    d.unmappableFault(at + ".stressors", "no memory or cpu stressor");
                }
            }
            case "NetworkChaos" -> {
                network(action, spec, at, d);
                l.unmapped(at + ".direction", "which way traffic is disturbed; the scope covers the selected pods either way");
                l.unmapped(at + ".target", "the other side's pods: effects there are outside the scope (a breach)");
                l.unmapped(at + ".externalTargets", "addresses outside the cluster: not telemetry sources");
                l.unmapped(at + ".device", "network interface: " + MAGNITUDE);
            }
            case "IOChaos" -> {
                switch (action) {
                    case "latency", "fault" -> {
                        // slowburn has no disk fault; slow or failing I/O shows as a dependency that is slow or failing
                        d.fault(Fault.DEPENDENCY_FAILURE, actionAt + "=" + action);
                        l.use(actionAt);
                        d.note("IOChaos '" + action + "' declared as dependency.failure (latency_drift, retry_storm, "
                                + "queue_growth): slowburn has no disk fault");
                    }
                    default -> d.unmappableFault(actionAt, "IOChaos action '" + action + "' (file attributes or contents) "
                            + "has no slowburn fault");
                }
                for (String k : new String[] {"volumePath", "path", "delay", "errno", "percent", "methods", "attr", "mistake"}) {
                    l.unmapped(at + "." + k, MAGNITUDE);
                }
            }
            case "TimeChaos" -> d.unmappableFault(at + ".timeOffset", "clock skew: slowburn has no clock fault (it reads "
                    + "event time from the records, so a skewed clock shows as late or early samples)");
            case "DNSChaos" -> {
                d.fault(Fault.DEPENDENCY_FAILURE, actionAt + "=" + action);
                l.use(actionAt);
                l.unmapped(at + ".patterns", "which names fail: " + MAGNITUDE);
            }
            case "HTTPChaos" -> {
                if (spec.has("abort") || spec.has("replace") || spec.has("patch")) {
                    d.fault(Fault.DEPENDENCY_FAILURE, at + " (abort/replace/patch)");
                }
                if (spec.has("delay")) {
                    d.fault(Fault.NETWORK_LATENCY, at + ".delay");
                }
                if (!spec.has("abort") && !spec.has("replace") && !spec.has("patch") && !spec.has("delay")) {
                    d.unmappableFault(at, "HTTPChaos without abort, delay, replace or patch");
                }
            }
            default -> throw new ImportException("Chaos Mesh kind '" + kind + "' is not supported (PodChaos, StressChaos, "
                    + "NetworkChaos, IOChaos, TimeChaos, DNSChaos, HTTPChaos, or a Schedule of one)");
        }
        return false;
    }

    private static void network(String action, JsonNode spec, String at, DeclarationDraft d) {
        FieldLedger l = d.ledger();
        String actionAt = at + ".action";
        switch (action) {
            case "delay", "bandwidth" -> d.fault(Fault.NETWORK_LATENCY, actionAt + "=" + action);
            case "loss", "corrupt" -> d.fault(Fault.NETWORK_LOSS, actionAt + "=" + action); // a corrupt packet is dropped
            case "partition" -> d.fault(Fault.DEPENDENCY_FAILURE, actionAt + "=" + action);
            case "netem" -> {
                if (spec.has("delay") || spec.has("rate")) {
                    d.fault(Fault.NETWORK_LATENCY, actionAt + "=netem (delay/rate)");
                }
                if (spec.has("loss") || spec.has("corrupt")) {
                    d.fault(Fault.NETWORK_LOSS, actionAt + "=netem (loss/corrupt)");
                }
                if (spec.has("duplicate")) {
                    d.unmappableFault(at + ".duplicate", "packet duplication has no slowburn fault");
                }
            }
            case "duplicate" -> d.unmappableFault(actionAt, "packet duplication has no slowburn fault");
            default -> d.unmappableFault(actionAt, "NetworkChaos action '" + action + "' is not known");
        }
        if (!l.accounted(actionAt)) {
            l.use(actionAt);
        }
        for (String k : new String[] {"delay", "loss", "corrupt", "duplicate", "bandwidth", "rate"}) {
            l.unmapped(at + "." + k, MAGNITUDE);
        }
    }

    private static void magnitudes(JsonNode stressor, String at, FieldLedger l) {
        for (Map.Entry<String, JsonNode> e : stressor.properties()) {
            l.unmapped(at + "." + e.getKey(), MAGNITUDE);
        }
    }

    /** stress-ng options: {@code --cpu*} is cpu pressure, {@code --vm*}, {@code --malloc*}, {@code --bigheap} memory. */
    private static void stressNg(String args, String at, DeclarationDraft d) {
        boolean any = false;
        for (String token : args.split("\\s+")) {
            String t = token.toLowerCase(Locale.ROOT);
            if (t.startsWith("--cpu")) {
                d.fault(Fault.CPU_PRESSURE, at + " (" + token + ")");
                any = true;
            } else if (t.startsWith("--vm") || t.startsWith("--malloc") || t.startsWith("--bigheap")) {
                d.fault(Fault.MEMORY_PRESSURE, at + " (" + token + ")");
                any = true;
            }
        }
        if (any) {
            d.ledger().unmapped(at, "stress-ng options other than --cpu/--vm/--malloc/--bigheap are not declared, and none "
                    + "of their sizes: " + MAGNITUDE);
        } else {
            d.unmappableFault(at, "no --cpu, --vm, --malloc or --bigheap stressor");
        }
    }

    private static void mode(JsonNode spec, String at, DeclarationDraft d) throws ImportException {
        FieldLedger l = d.ledger();
        String mode = spec.path("mode").asText("");
        String value = spec.path("value").asText("");
        switch (mode) {
            case "one" -> d.maxSources(1, at + ".mode");
            case "fixed" -> {
                try {
                    d.maxSources(Integer.parseInt(value.strip()), at + ".mode");
                    l.use(at + ".value");
                } catch (NumberFormatException e) {
                    throw new ImportException(at + ".value: mode 'fixed' needs a count, got '" + value + "'", e);
                }
            }
            case "" -> {
            }
            default -> {
                l.unmapped(at + ".mode", "'" + mode + "' does not fix how many sources it hits; blast_radius.max_sources "
                        + "comes from --max-sources, or the named pods, or is 1");
                l.unmapped(at + ".value", "a share of the matching pods: the count is unknown here");
            }
        }
    }

    static Instant created(JsonNode doc, FieldLedger ledger) throws ImportException {
        JsonNode c = doc.path("metadata").path("creationTimestamp");
        if (!c.isTextual() || c.asText().isEmpty()) {
            return null;
        }
        try {
            Instant t = Instant.parse(c.asText());
            ledger.use("metadata.creationTimestamp");
            return t;
        } catch (DateTimeParseException e) {
            throw new ImportException("metadata.creationTimestamp: '" + c.asText() + "' is not an RFC 3339 time", e);
        }
    }

    static void metadataRest(JsonNode doc, FieldLedger ledger) {
        for (Map.Entry<String, JsonNode> e : doc.path("metadata").properties()) {
            String p = "metadata." + e.getKey();
            if (!ledger.accounted(p)) {
                ledger.unmapped(p, "Kubernetes object metadata, no bearing on what is sanctioned");
            }
        }
    }

    private static String scheduleKey(String type) {
        return switch (type) {
            case "PodChaos" -> "podChaos";
            case "StressChaos" -> "stressChaos";
            case "NetworkChaos" -> "networkChaos";
            case "IOChaos" -> "ioChaos";
            case "TimeChaos" -> "timeChaos";
            case "DNSChaos" -> "dnsChaos";
            case "HTTPChaos" -> "httpChaos";
            default -> null;
        };
    }
}
