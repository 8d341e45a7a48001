package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.verdict.ExperimentDeclaration;
import java.util.List;

/**
 * An imported declaration (unsigned, validated by the declaration parser) with what the import could not carry over.
 *
 * @param declaration the parsed declaration (its {@code json()} is what to write and sign)
 * @param unmapped every field of the document that did not shape the declaration, {@code path=value: reason}; also in
 *                 the declaration's {@code unmapped} field, so the signer signs what was left out
 * @param notes how the mapped fields were read (assumptions, defaults), for the person importing
 */
public record ImportResult(ExperimentDeclaration declaration, List<String> unmapped, List<String> notes) {

    public ImportResult {
        unmapped = List.copyOf(unmapped);
        notes = List.copyOf(notes);
    }

    /** The declaration as JSON, ready for {@code experiments sign}. */
    public ObjectNode json() {
        return (ObjectNode) declaration.json();
    }
}
