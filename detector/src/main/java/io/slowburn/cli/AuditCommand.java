package io.slowburn.cli;

import io.slowburn.detector.audit.AuditVerifier;
import io.slowburn.verdict.ExperimentKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slowburn audit verify}: proves an audit trail's hash chains complete and unaltered. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The tamper-evident audit trail: verify proves its hash chains complete and unaltered.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes every writer's hash chain (writer, seq, prev) of an audit trail (JSON Lines, as backtest "
                    + "--audit writes it). Exit 0 when every chain is unbroken; exit 1 naming the first record that breaks "
                    + "one (line, writer, seq, and why: deleted, altered, reordered, or unchained: a record in no chain); "
                    + "exit 2 when the file cannot be read.")
    static final class Verify implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--input", paramLabel = "FILE", description = "The audit trail (JSON Lines). Without it, reads "
                + "<prefix>audit from Kafka: committed records only, every partition from its beginning to its end offset now; "
                + "each writer's records are checked in seq order (partitions have no order between them, so a reordering "
                + "cannot show there, a deletion or alteration does).")
        Path input;

        @CommandLine.Mixin
        KafkaConnection kafka;

        @Option(names = "--public-key", paramLabel = "FILE", description = "The detector's public key (PEM, the .pub beside "
                + "its audit.signing.key): also checks every signed checkpoint; a checkpoint whose signature does not verify "
                + "(a rewritten trail) or a missing one breaks the trail; records after a writer's last checkpoint are "
                + "reported as unsealed.")
        Path publicKey;

        @Option(names = "--allow-unchained", description = "Count records without a writer field instead of breaking on the "
                + "first: trails written before declarations and rule reloads were chained have such records. Without it, "
                + "such a record is a break (inserted).")
        boolean allowUnchained;

        @Override
        public Integer call() {
            PublicKey key = null;
            if (publicKey != null) {
                try {
                    key = ExperimentKeys.readPublicKey(publicKey);
                } catch (IOException | GeneralSecurityException e) {
                    throw new ExitCodes.BadInputException(publicKey + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
                }
            }
            AuditVerifier verifier = new AuditVerifier(key, allowUnchained);
            AuditVerifier.Result r;
            if (input != null) {
                if (spec.commandLine().getParseResult().hasMatchedOption("--bootstrap-servers")) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "give --input or --bootstrap-servers, not both");
                }
                byte[] all;
                try {
                    all = Files.readAllBytes(input);
                } catch (IOException e) {
                    throw new ExitCodes.BadInputException(input + ": cannot read the file (" + e.getMessage() + ")", e);
                }
                r = verifier.verify(lines(input, all));
            } else {
                r = verifier.verify(AuditTopic.readAll(kafka, kafka.topics().audit()), true);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!r.intact()) {
                spec.commandLine().getErr().println("slowburn audit verify: BROKEN at " + r.firstBreak());
                return ExitCodes.FAILURE;
            }
            StringBuilder sb = new StringBuilder("slowburn audit verify: intact:");
            if (r.chains().isEmpty()) {
                sb.append(" no chained records");
            }
            for (Map.Entry<String, Long> c : r.chains().entrySet()) {
                sb.append(" writer ").append(c.getKey()).append(' ').append(c.getValue()).append(" records;");
            }
            sb.append(' ').append(r.unchained()).append(" unchained (no writer field)");
            out.println(sb);
            if (key == null) {
                out.println("slowburn audit verify: checkpoint signatures not checked (no --public-key)");
            }
            for (Map.Entry<String, AuditVerifier.Sealing> e : r.seals().entrySet()) {
                AuditVerifier.Sealing s = e.getValue();
                out.println(s.checkpoints() == 0
                        ? "slowburn audit verify: writer " + e.getKey() + ": no signed checkpoint (is audit.signing.key set?): "
                                + s.unsealed() + " records unsealed"
                        : "slowburn audit verify: writer " + e.getKey() + ": " + s.checkpoints() + " checkpoints verify, sealed "
                                + "through seq " + s.sealedThrough() + "; " + s.unsealed() + " records after it unsealed (a cut "
                                + "there cannot be told from the trail's end)");
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** The file's lines, split on '\n' only, each with its 1-based line number; empty lines are skipped. */
        static List<AuditVerifier.Entry> lines(Path file, byte[] all) {
            List<AuditVerifier.Entry> entries = new ArrayList<>();
            int start = 0;
            int line = 1;
            for (int i = 0; i <= all.length; i++) {
                if (i == all.length || all[i] == '\n') {
                    if (i > start) {
                        entries.add(new AuditVerifier.Entry(file.getFileName() + ":" + line, Arrays.copyOfRange(all, start, i)));
                    }
                    start = i + 1;
                    line++;
                }
            }
            return entries;
        }
    }
}
