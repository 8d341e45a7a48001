package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.Fault;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * A Chaos Toolkit experiment (or a journal, which holds a copy of the experiment it ran) as a declaration. Faults
 * from the {@code method}'s actions ({@link ChaosToolkitActions}, and process actions that run {@code kill},
 * {@code stress-ng} or {@code tc}); scope from chaostoolkit-kubernetes arguments ({@code ns}, {@code label_selector});
 * window from the journal's {@code start} and {@code end} (UTC), else {@code --start} and {@code --duration}/{@code --end}.
 * Probes, rollbacks and the steady-state hypothesis inject nothing and are listed as unmapped.
 */
final class ChaosToolkitImporter {

    private static final String RUNNER = "how the toolkit runs it, no bearing on what is sanctioned";
    private static final String MAGNITUDE = "how hard it injects: a declaration sanctions the fault at any strength";

    private ChaosToolkitImporter() {
    }

    /** Whether a document is a journal (a run's record, with the experiment inside) rather than an experiment. */
    static boolean isJournal(JsonNode doc) {
        return doc.path("experiment").isObject() && (doc.has("run") || doc.has("status") || doc.has("steady_states"));
    }

    /**
     * @param doc an experiment, or a journal
     * @param journal a journal of this experiment's run when {@code doc} is the experiment, or {@code null}
     */
    static ImportResult importExperiment(JsonNode doc, JsonNode journal, ImportOptions options) throws ImportException {
        if (journal != null && isJournal(doc)) {
            throw new ImportException("the file is itself a journal: give either the journal, or the experiment and --journal");
        }
        if (journal != null && !isJournal(journal)) {
            throw new ImportException("--journal: not a Chaos Toolkit journal (no 'experiment' with 'run' or 'status')");
        }
        boolean isJournal = isJournal(doc);
        JsonNode run = isJournal ? doc : journal;
        String e = isJournal ? "experiment." : "";
        JsonNode exp = isJournal ? doc.get("experiment") : doc;
        if (!exp.path("method").isArray()) {
            throw new ImportException("not a Chaos Toolkit experiment: no 'method' list");
        }
        String title = exp.path("title").asText("");
        if (journal != null && !title.equals(journal.path("experiment").path("title").asText(""))) {
            throw new ImportException("--journal is of another experiment: '" + journal.path("experiment").path("title").asText("")
                    + "', not '" + title + "'");
        }
        FieldLedger l = new FieldLedger(doc);
        DeclarationDraft d = new DeclarationDraft(ChaosTool.CHAOSTOOLKIT, options, l);
        d.origin(isJournal ? "journal" : "experiment", title.isEmpty() ? null : title, null);
        d.title(title);
        l.use(e + "title");
        String hypothesis = exp.path("steady-state-hypothesis").path("title").asText("");
        String description = exp.path("description").asText("");
        d.hypothesis(hypothesis.isEmpty() ? description : description.isEmpty() ? hypothesis : hypothesis + " (" + description + ")");
        l.use(e + "description");
        l.use(e + "steady-state-hypothesis.title");
        l.unmapped(e + "steady-state-hypothesis.probes", "tolerance probes check the steady state; slowburn's abort_when is "
                + "separate and not derived");
        JsonNode method = exp.get("method");
        for (int i = 0; i < method.size(); i++) {
            activity(method.get(i), e + "method[" + i + "]", d);
        }
        JsonNode rollbacks = exp.path("rollbacks");
        for (int i = 0; rollbacks.isArray() && i < rollbacks.size(); i++) {
            l.unmapped(e + "rollbacks[" + i + "]", "a rollback undoes the faults, it injects none");
        }
        l.unmappedWithheld(e + "secrets", "secrets are not carried (values withheld)");
        for (String k : new String[] {"version", "tags", "contributions", "configuration", "controls", "extensions", "runtime", "dry"}) {
            l.unmapped(e + k, "experiment metadata, no bearing on what is sanctioned");
        }
        Instant start = null;
        java.time.Duration length = null;
        if (run != null) {
            String prefix = isJournal ? "" : "--journal ";
            start = journalTime(run, "start", prefix);
            Instant end = journalTime(run, "end", prefix);
            if (start != null && end != null && end.isAfter(start)) {
                length = java.time.Duration.between(start, end);
            }
            if (isJournal) {
                l.use("start");
                l.use("end");
                for (String k : new String[] {"run", "steady_states", "rollbacks"}) {
                    l.unmapped(k, "the run's results, not part of the declaration");
                }
                for (String k : new String[] {"status", "deviated", "duration", "chaoslib-version", "platform", "node"}) {
                    l.unmapped(k, "run metadata, no bearing on what is sanctioned");
                }
            }
            d.note("journal: status '" + run.path("status").asText("?") + "', deviated " + run.path("deviated").asText("?"));
        }
        d.window(start, "the journal's start (UTC)", length, "the journal's end", null);
        return d.build();
    }

    private static void activity(JsonNode a, String at, DeclarationDraft d) {
        FieldLedger l = d.ledger();
        String type = a.path("type").asText("");
        if (a.has("ref")) {
            l.unmapped(at, "a reference to an activity declared elsewhere (its fault, if any, is where it is declared)");
            return;
        }
        if (type.equals("probe")) {
            l.unmapped(at, "a probe observes, it injects nothing");
            return;
        }
        if (!type.equals("action")) {
            d.unmappableFault(at, "activity of type '" + type + "' is neither an action nor a probe");
            return;
        }
        l.use(at + ".type");
        l.use(at + ".name");
        for (String k : new String[] {"pauses", "background", "controls"}) {
            l.unmapped(at + "." + k, RUNNER);
        }
        JsonNode p = a.path("provider");
        String kind = p.path("type").asText("");
        String name = a.path("name").asText("");
        switch (kind) {
            case "python" -> python(p, at + ".provider", name, d);
            case "process" -> process(p, at + ".provider", name, d);
            default -> d.unmappableFault(at + ".provider", "action '" + name + "' by a " + (kind.isEmpty() ? "missing" : "'" + kind + "'")
                    + " provider: what it does is up to its target");
        }
    }

    private static void python(JsonNode p, String at, String name, DeclarationDraft d) {
        FieldLedger l = d.ledger();
        String module = p.path("module").asText("");
        String func = p.path("func").asText("");
        Fault f = ChaosToolkitActions.python(module, func);
        if (f == null) {
            d.unmappableFault(at, "action '" + name + "' (" + module + "." + func + ") is not one slowburn recognises");
            return;
        }
        d.fault(f, at + " " + module + "." + func);
        l.use(at + ".type");
        l.use(at + ".module");
        l.use(at + ".func");
        l.unmapped(at + ".secrets", "which secrets it reads: no bearing on what is sanctioned");
        l.unmapped(at + ".config", "which configuration it reads: no bearing on what is sanctioned");
        JsonNode args = p.path("arguments");
        if (!ChaosToolkitActions.kubernetes(module)) {
            l.unmapped(at + ".arguments", "targets outside Kubernetes: name the sources with --sources");
            return;
        }
        for (Map.Entry<String, JsonNode> arg : args.properties()) {
            String ap = at + ".arguments." + arg.getKey();
            String v = arg.getValue().asText("");
            switch (arg.getKey()) {
                case "ns" -> d.namespace(v, ap);
                case "label_selector" -> ChaosMeshSelector.equalitySelector(v, ap, d);
                case "qty" -> {
                    if (arg.getValue().canConvertToInt() && !"percentage".equals(args.path("mode").asText(""))) {
                        d.maxSources(arg.getValue().asInt(), ap);
                    } else {
                        l.unmapped(ap, "a share of the matching pods: how many is unknown here (--max-sources)");
                    }
                }
                case "all" -> l.unmapped(ap, "every matching pod: how many is unknown here (--max-sources)");
                case "name", "name_pattern", "node_names" -> l.unmapped(ap, "names or a pattern the scope cannot check "
                        + "(--sources names them; the scope is wider)");
                case "rand", "mode", "grace_period", "order", "delete_pods", "timeout", "count" -> l.unmapped(ap, RUNNER);
                default -> l.unmapped(ap, MAGNITUDE);
            }
        }
    }

    /** {@code kill}/{@code pkill}/{@code killall}: a kill; {@code stress-ng}/{@code stress}: cpu or memory; {@code tc}: network. */
    private static void process(JsonNode p, String at, String name, DeclarationDraft d) {
        String path = p.path("path").asText("");
        String exe = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        JsonNode argsNode = p.path("arguments");
        StringBuilder args = new StringBuilder();
        if (argsNode.isArray()) {
            argsNode.forEach(x -> args.append(x.asText()).append(' '));
        } else {
            args.append(argsNode.asText(""));
        }
        String a = " " + args.toString().toLowerCase(Locale.ROOT) + " ";
        boolean any = false;
        switch (exe) {
            case "kill", "pkill", "killall" -> {
                d.fault(Fault.PROCESS_KILL, at + " " + exe);
                any = true;
            }
            case "stress-ng", "stress" -> {
                if (a.contains(" --cpu")) {
                    d.fault(Fault.CPU_PRESSURE, at + " " + exe + " --cpu");
                    any = true;
                }
                if (a.contains(" --vm") || a.contains(" --malloc") || a.contains(" --bigheap")) {
                    d.fault(Fault.MEMORY_PRESSURE, at + " " + exe + " --vm");
                    any = true;
                }
            }
            case "tc" -> {
                if (a.contains(" delay ") || a.contains(" rate ")) {
                    d.fault(Fault.NETWORK_LATENCY, at + " tc netem delay");
                    any = true;
                }
                if (a.contains(" loss ") || a.contains(" corrupt ")) {
                    d.fault(Fault.NETWORK_LOSS, at + " tc netem loss");
                    any = true;
                }
            }
            default -> {
            }
        }
        if (!any) {
            d.unmappableFault(at, "action '" + name + "' runs '" + path + "', not a program slowburn recognises (kill, pkill, "
                    + "killall, stress-ng, stress, tc)");
            return;
        }
        d.ledger().use(at + ".type");
        d.ledger().use(at + ".path");
        d.ledger().unmapped(at + ".arguments", "its targets and sizes: name the sources with --sources; " + MAGNITUDE);
        d.ledger().unmapped(at + ".timeout", RUNNER);
    }

    /** A journal time: RFC 3339, or the toolkit's ISO local time, which its specification says is UTC. */
    private static Instant journalTime(JsonNode run, String field, String prefix) throws ImportException {
        String s = run.path(field).asText("");
        if (s.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new ImportException(prefix + field + ": '" + s + "' is not an ISO-8601 time", e2);
            }
        }
    }
}
