package io.slowburn.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slowburn.model.InvalidRecordException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Adds approvals. Signers sign in turn: each call validates the declaration, signs its canonical form (which never
 * includes {@code approvals}, so earlier approvals stay valid) and appends {@code {"key_id":...,"sig":...}}; signing
 * again with a key id that already approved replaces that approval in place. Thread-safe.
 */
public final class DeclarationSigner {

    private final DeclarationParser parser;

    public DeclarationSigner() {
        this(new DeclarationParser());
    }

    public DeclarationSigner(DeclarationParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The declaration JSON text with this key's approval added (one line of JSON). */
    public String sign(String declarationJson, PrivateKey privateKey, String keyId) throws InvalidRecordException {
        ExperimentDeclaration d = parser.parse(declarationJson);
        try {
            return CanonicalJson.mapper().writeValueAsString(sign(d, privateKey, keyId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The declaration as a JSON tree with this key's approval added. */
    public ObjectNode sign(ExperimentDeclaration declaration, PrivateKey privateKey, String keyId) {
        if (!ExperimentKeys.isValidKeyId(keyId)) {
            throw new IllegalArgumentException("invalid key id '" + keyId + "'");
        }
        String sig = Base64.getEncoder().encodeToString(signature(privateKey, declaration.canonicalBytes()));
        ObjectNode out = (ObjectNode) declaration.json();
        JsonNode old = out.get("approvals");
        ArrayNode approvals = CanonicalJson.mapper().createArrayNode();
        boolean replaced = false;
        if (old != null && old.isArray()) {
            for (JsonNode a : old) {
                if (a.isObject() && a.path("key_id").isTextual() && keyId.equals(a.path("key_id").asText())) {
                    if (!replaced) {
                        approvals.add(approval(keyId, sig));
                        replaced = true;
                    }
                } else {
                    approvals.add(a);
                }
            }
        }
        if (!replaced) {
            approvals.add(approval(keyId, sig));
        }
        out.set("approvals", approvals);
        return out;
    }

    private static ObjectNode approval(String keyId, String sig) {
        ObjectNode a = CanonicalJson.mapper().createObjectNode();
        a.put("key_id", keyId);
        a.put("sig", sig);
        return a;
    }

    /** A raw Ed25519 signature (64 bytes) over {@code data}. */
    public static byte[] signature(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(ExperimentKeys.ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an Ed25519 private key is needed): " + e.getMessage(), e);
        }
    }
}
