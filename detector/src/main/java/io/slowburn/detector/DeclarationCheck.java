package io.slowburn.detector;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.InvalidRecordException;

/** Checks that an experiment declaration is well-formed before it enters the registry; returns its id. */
@FunctionalInterface
public interface DeclarationCheck {

    String idOf(JsonNode declaration) throws InvalidRecordException;

    /** The minimal well-formedness every declaration needs: a JSON object with a non-empty string id. */
    static String requireId(JsonNode n) throws InvalidRecordException {
        JsonNode id = n.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new InvalidRecordException("missing or non-string field 'id'");
        }
        return id.asText();
    }
}
