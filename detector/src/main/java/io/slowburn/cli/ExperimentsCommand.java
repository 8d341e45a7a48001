package io.slowburn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.slowburn.experiments.imports.ChaosTool;
import io.slowburn.experiments.imports.ExperimentImporter;
import io.slowburn.experiments.imports.ImportException;
import io.slowburn.experiments.imports.ImportOptions;
import io.slowburn.experiments.imports.ImportResult;
import io.slowburn.ingest.simulate.SigningKeys;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.RecordCodec;
import io.slowburn.verdict.DeclarationParser;
import io.slowburn.verdict.ExperimentCommands;
import io.slowburn.verdict.ExperimentDeclaration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slowburn experiments keygen|sign|verify|canonical|declare|import}: thin wiring over {@link ExperimentCommands},
 * plus {@code declare}, which publishes a declaration to the experiments topic, and {@code import}, which turns a chaos
 * tool's experiment into an unsigned declaration ({@link ExperimentImporter}).
 */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "Signed chaos experiment declarations: keygen (a key pair), sign (an approval), verify, canonical (the signed "
                + "bytes), declare (publish), import (from a chaos tool).",
        subcommands = {ExperimentsCommand.Keygen.class, ExperimentsCommand.Sign.class, ExperimentsCommand.Verify.class,
            ExperimentsCommand.Canonical.class, ExperimentsCommand.Declare.class, ExperimentsCommand.Import.class})
final class ExperimentsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: keygen, sign, verify, canonical, declare or import");
    }

    /** Prints a result's texts on the command's streams and returns its exit code. */
    static int print(CommandLine.Model.CommandSpec spec, ExperimentCommands.Result r) {
        if (!r.out().isEmpty()) {
            spec.commandLine().getOut().print(r.out());
            spec.commandLine().getOut().flush();
        }
        if (!r.err().isEmpty()) {
            spec.commandLine().getErr().println("slowburn: " + r.err().strip());
            spec.commandLine().getErr().flush();
        }
        return r.exitCode();
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Writes DIR/ID.key (Ed25519 private key, mode 600) and DIR/ID.pub; never overwrites a key. With --demo, "
                    + "writes DIR/demo.pub, the public key the demo and the simulator's scenarios sign their experiments with.")
    static final class Keygen implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory to write the key pair into.")
        Path dir;

        /** A new key pair, or the demo's public key. */
        static final class Which {
            @Option(names = "--key-id", paramLabel = "ID", required = true,
                    description = "The approver's key id (letters, digits, '.', '_', '-').")
            String keyId;

            @Option(names = "--demo", required = true, description = "Write the demo's public key (DIR/demo.pub) instead, to "
                    + "backtest the demo's records with its signed experiments; its private key is public: never trust it in production.")
            boolean demo;
        }

        @Override
        public Integer call() throws IOException {
            return which.demo ? demoKey() : print(spec, ExperimentCommands.keygen(which.keyId, dir));
        }

        /** Writes the demo's public key; writing it again is a no-op, any other file of that name is left alone (exit 2). */
        private int demoKey() throws IOException {
            Path pub = dir.resolve(SigningKeys.DEMO + ".pub");
            String pem = SigningKeys.demoPublicPem();
            if (Files.exists(pub) && !pem.equals(Files.readString(pub, StandardCharsets.US_ASCII))) {
                throw new ExitCodes.BadInputException(pub + ": already exists and is not the demo key; refusing to overwrite a key");
            }
            Files.createDirectories(dir);
            Files.writeString(pub, pem, StandardCharsets.US_ASCII);
            spec.commandLine().getOut().println("wrote " + pub + ", the demo's public key (trust it with --trusted-keys " + dir
                    + " to backtest the demo's records; never in production: its private key ships in this jar)");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Adds an approval (Ed25519 signature over the canonical form) to a declaration; the key id is "
                    + "the key file's name without .key.")
    static final class Sign implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", paramLabel = "FILE", required = true, description = "Private key file (ID.key from keygen).")
        Path key;

        @Option(names = "--in", paramLabel = "FILE", required = true, description = "The declaration (JSON).")
        Path in;

        @Option(names = "--out", paramLabel = "FILE", required = true,
                description = "Where to write the declaration with the approval added.")
        Path out;

        @Override
        public Integer call() {
            return print(spec, ExperimentCommands.sign(key, in, out));
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks a declaration's approvals against trusted keys: exit 0 when authentic, 1 when not, "
                    + "2 on unusable input.")
    static final class Verify implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--trusted-keys", paramLabel = "DIR", required = true, description = "Directory of *.pub keys trusted to approve.")
        Path trustedKeys;

        @Option(names = "--in", paramLabel = "FILE", required = true, description = "The declaration (JSON).")
        Path in;

        @Option(names = "--min-approvals", paramLabel = "N", defaultValue = "1", description = "Distinct valid approvals required. "
                + "Default: ${DEFAULT-VALUE}.")
        int minApprovals;

        @Override
        public Integer call() {
            return print(spec, ExperimentCommands.verify(trustedKeys, in, minApprovals));
        }
    }

    @Command(name = "canonical", mixinStandardHelpOptions = true,
            description = "Prints the canonical form of a declaration: the exact bytes an approval signs (no trailing newline).")
    static final class Canonical implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--in", paramLabel = "FILE", required = true, description = "The declaration (JSON).")
        Path in;

        @Override
        public Integer call() {
            return print(spec, ExperimentCommands.canonical(in));
        }
    }

    @Command(name = "declare", mixinStandardHelpOptions = true,
            description = "Publishes a declaration, byte for byte, to <prefix>experiments keyed by its id (idempotent producer, "
                    + "acks=all). The detector verifies its approvals; an unapproved declaration sanctions nothing.")
    static final class Declare implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        KafkaConnection kafka;

        @Option(names = "--in", paramLabel = "FILE", required = true, description = "The declaration (JSON), usually signed.")
        Path in;

        @Option(names = "--timeout", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
                description = "Give up when the broker has not acknowledged within this long. Default: ${DEFAULT-VALUE}.")
        Duration timeout;

        @Option(names = "--trusted-keys", paramLabel = "DIR", description = "Verify the approvals against these *.pub keys first "
                + "and refuse (exit 1) a declaration that does not verify, as the detector would ignore it.")
        Path trustedKeys;

        @Option(names = "--force", description = "Publish even when the approvals do not verify against --trusted-keys.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            Integer refused = refuseUnverified();
            if (refused != null) {
                return refused;
            }
            byte[] bytes = read(in);
            ExperimentDeclaration d;
            try {
                d = new DeclarationParser().parse(bytes);
            } catch (InvalidRecordException e) {
                throw new ExitCodes.BadInputException(in + ": " + e.getMessage(), e);
            }
            String topic = kafka.topics().experiments();
            if (d.approvals().isEmpty()) {
                spec.commandLine().getErr().println("slowburn: warning: " + in + " has no approval: it sanctions nothing until "
                        + "signed (slowburn experiments sign)");
                spec.commandLine().getErr().flush();
            }
            long timestamp = d.ts() != null ? d.ts() : System.currentTimeMillis();
            String bootstrapServers = kafka.bootstrapServers();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(producerConfig(timeout)),
                    new StringSerializer(), new ByteArraySerializer())) {
                RecordMetadata m = producer.send(new ProducerRecord<>(topic, null, timestamp, d.id(), bytes))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                spec.commandLine().getOut().println("declared " + d.id() + " on " + m.topic() + "-" + m.partition() + "@" + m.offset());
                spec.commandLine().getOut().flush();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot publish " + d.id() + " to " + topic + " on " + bootstrapServers
                        + " (does the topic exist? slowburn topics create)", e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("no acknowledgement for " + d.id() + " from " + bootstrapServers + " within "
                        + IngestCommand.DurationText.of(timeout), e);
            }
            return ExitCodes.OK;
        }

        /**
         * With --trusted-keys: the exit code when the declaration does not verify (1) or cannot be read (2), after
         * saying why; null when it verifies, or when --force publishes it anyway (with a warning).
         */
        private Integer refuseUnverified() {
            if (trustedKeys == null) {
                return null;
            }
            ExperimentCommands.Result r = ExperimentCommands.verify(trustedKeys, in, 1);
            if (r.exitCode() == ExitCodes.OK) {
                return null;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.print(r.out());
            if (!r.err().isEmpty()) {
                err.println("slowburn: " + r.err().strip());
            }
            if (r.exitCode() == ExitCodes.FAILURE && force) {
                err.println("slowburn: warning: " + in + " does not verify against " + trustedKeys + "; publishing it anyway "
                        + "(--force): it sanctions nothing");
                err.flush();
                return null;
            }
            err.println("slowburn: refusing to declare " + in + ": it does not verify against " + trustedKeys
                    + " (--force publishes it anyway)");
            err.flush();
            return r.exitCode();
        }

        static Map<String, Object> producerConfig(Duration timeout) {
            int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            return Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, ms,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 30_000),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(ms, 30_000 + 1),
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.CLIENT_ID_CONFIG, "slowburn-experiments-declare");
        }

        private static byte[] read(Path in) {
            try {
                long size = Files.size(in);
                if (size > RecordCodec.MAX_RECORD_BYTES) {
                    throw new ExitCodes.BadInputException(in + ": " + size + " bytes is more than the limit of "
                            + RecordCodec.MAX_RECORD_BYTES);
                }
                return Files.readAllBytes(in);
            } catch (NoSuchFileException e) {
                throw new ExitCodes.BadInputException(in + ": no such file", e);
            } catch (IOException e) {
                throw new ExitCodes.BadInputException(in + ": cannot read: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Turns a chaos tool's experiment into an unsigned declaration, ready for 'experiments sign': "
                    + "a Chaos Mesh resource (PodChaos, StressChaos, NetworkChaos, IOChaos, TimeChaos, DNSChaos, HTTPChaos, or a "
                    + "Schedule of one), a LitmusChaos ChaosEngine, or a Chaos Toolkit experiment or journal.",
                "Every field it cannot map is named on stderr and in the declaration's 'unmapped' list; a fault with no "
                    + "slowburn equivalent fails the import (exit 2) unless --allow-unmapped."})
    static final class Import implements Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", paramLabel = "TOOL", required = true, description = "chaos-mesh, litmus or chaostoolkit.")
        String from;

        @CommandLine.Parameters(paramLabel = "FILE", description = "The tool's experiment (YAML or JSON).")
        Path file;

        @Option(names = "--output", paramLabel = "FILE", description = "Where to write the declaration (default: stdout).")
        Path output;

        @Option(names = "--journal", paramLabel = "FILE", description = "Chaos Toolkit: the run's journal; its start and end "
                + "are the window. (A journal given as FILE works alone.)")
        Path journal;

        @Option(names = "--start", paramLabel = "TIME", description = "Window start (ISO-8601 or epoch ms) when the document "
                + "has none (a resource's metadata.creationTimestamp, a journal's start); overrides it when it has.")
        String start;

        @Option(names = "--end", paramLabel = "TIME", description = "Window end; overrides start + the document's duration.")
        String end;

        @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
                description = "Window length when the document has no duration (a Schedule, pod-failure, an experiment "
                        + "without a journal).")
        Duration duration;

        @Option(names = "--id", paramLabel = "ID", description = "Declaration id (default: the document's name and the window "
                + "start, e.g. pod-kill-example-20261202T100000Z).")
        String id;

        @Option(names = "--sources", paramLabel = "SOURCE", split = ",", description = "Scope sources (names or globs such as "
                + "'web-*') instead of the pods or nodes the selectors name, or '*'.")
        List<String> sources;

        @Option(names = "--namespace-label", paramLabel = "KEY", defaultValue = ImportOptions.DEFAULT_NAMESPACE_LABEL,
                description = "The telemetry label that carries the Kubernetes namespace. Default: ${DEFAULT-VALUE}.")
        String namespaceLabel;

        @Option(names = "--no-selector-labels", description = "Do not turn label selectors and the namespace into scope labels "
                + "(findings from events, such as crash_loop, carry no labels; name the sources with --sources instead).")
        boolean noSelectorLabels;

        @Option(names = "--max-sources", paramLabel = "N", description = "blast_radius.max_sources when the document's mode "
                + "does not fix it (all, a percentage).")
        Integer maxSources;

        @Option(names = "--allow-unmapped", description = "Import even when a fault has no slowburn equivalent (it is listed in "
                + "'unmapped'); at least one fault must still map.")
        boolean allowUnmapped;

        @Override
        public Integer call() {
            ChaosTool tool = ChaosTool.fromWire(from);
            if (tool == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from must be chaos-mesh, litmus or chaostoolkit, "
                        + "got '" + from + "'");
            }
            ImportOptions options;
            try {
                options = new ImportOptions(id, time("--start", start), time("--end", end), duration, sources, namespaceLabel,
                        !noSelectorLabels, maxSources, allowUnmapped);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            ImportResult r;
            try {
                r = ExperimentImporter.importFile(tool, file, journal, options);
            } catch (ImportException e) {
                throw new ExitCodes.BadInputException(e.getMessage(), e);
            }
            PrintWriter err = spec.commandLine().getErr();
            for (String n : r.notes()) {
                err.println("slowburn: note: " + n);
            }
            for (String u : r.unmapped()) {
                err.println("slowburn: warning: unmapped " + u);
            }
            err.println("slowburn: " + r.declaration().id() + ": faults " + r.declaration().faultNames() + ", scope "
                    + r.declaration().scope().sources() + " " + r.declaration().scope().labels() + ", "
                    + Instant.ofEpochMilli(r.declaration().start()) + " .. " + Instant.ofEpochMilli(r.declaration().end()) + ", "
                    + r.unmapped().size() + " unmapped field(s); unsigned: sign it with 'slowburn experiments sign'");
            err.flush();
            String text;
            try {
                text = JSON.writeValueAsString(r.json()) + "\n";
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the declaration as JSON", e);
            }
            if (output == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                try {
                    Files.writeString(output, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException(output + ": cannot write: " + e.getMessage(), e);
                }
            }
            return ExitCodes.OK;
        }

        private Instant time(String option, String text) {
            if (text == null) {
                return null;
            }
            try {
                return ExperimentImporter.parseTime(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
            }
        }
    }
}
