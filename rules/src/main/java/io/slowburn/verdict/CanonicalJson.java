package io.slowburn.verdict;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The canonical form that experiment approvals sign: the declaration without its top-level {@code approvals} and
 * {@code stream} fields, written as in RFC 8785 (JCS) except for numbers, which keep their decimal text. Precisely
 * (see {@code rules/VERDICTS.md}):
 * <ul>
 *   <li>objects: members sorted by key, comparing UTF-16 code units ({@link String#compareTo}); no whitespace;</li>
 *   <li>strings: {@code "} and {@code \} escaped with a backslash; U+0008, U+0009, U+000A, U+000C, U+000D as
 *       {@code \b \t \n \f \r}; other characters below U+0020 as backslash, {@code u}, 4 lowercase hex digits; everything else,
 *       including {@code /}, DEL and non-ASCII, as itself; an unpaired surrogate is an error;</li>
 *   <li>integers (no fraction, no exponent): their decimal digits, {@code -} for negatives ({@code -0} is {@code 0});</li>
 *   <li>other numbers: {@link BigDecimal#toString()} of the exact decimal value written, i.e. the "to-scientific-string"
 *       of the General Decimal Arithmetic spec (Python's {@code str(Decimal(text))}): {@code 1.50} stays {@code 1.50},
 *       {@code 0.95} stays {@code 0.95}, {@code 1e3} becomes {@code 1E+3}, {@code 2.5e-3} becomes {@code 0.0025},
 *       {@code 1e-7} becomes {@code 1E-7}, {@code -0.0} becomes {@code 0.0};</li>
 *   <li>{@code true}, {@code false}, {@code null} as such; arrays keep their order; output is UTF-8.</li>
 * </ul>
 * Exactness needs the tree to hold the decimal value as written: read declarations with {@link #mapper()} (or
 * {@link #readTree}). A tree read by a default mapper holds binary doubles; those are written as
 * {@code new BigDecimal(Double.toString(d)).toString()}, which equals the written text for short decimals such as
 * {@code 0.95} but not for {@code 1.50}: a signature over such a number then fails to verify (fails closed).
 */
public final class CanonicalJson {

    /** Top-level fields left out of the signed form: the signatures themselves and the JSON Lines transport tag. */
    public static final Set<String> EXCLUDED = Set.of("approvals", "stream");

    private static final ObjectMapper MAPPER = createMapper();

    private CanonicalJson() {
    }

    private static ObjectMapper createMapper() {
        ObjectMapper m = new ObjectMapper();
        m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        // a duplicate key would let a signer see one value and the verifier act on another
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(64 * 1024).maxNumberLength(64).build());
        return m;
    }

    /**
     * A mapper that keeps numbers' decimal text ({@code BigDecimal}, trailing zeros kept) and rejects duplicate keys:
     * read declarations with it. Do not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses JSON text with {@link #mapper()}. */
    public static JsonNode readTree(String json) throws java.io.IOException {
        return MAPPER.readTree(json);
    }

    /** Parses JSON bytes with {@link #mapper()}. */
    public static JsonNode readTree(byte[] json) throws java.io.IOException {
        return MAPPER.readTree(json);
    }

    /** The canonical text of a declaration: without top-level {@code approvals} and {@code stream}. */
    public static String declaration(JsonNode declaration) {
        if (declaration == null || !declaration.isObject()) {
            throw new IllegalArgumentException("a declaration is a JSON object");
        }
        StringBuilder sb = new StringBuilder(512);
        writeObject(declaration, sb, EXCLUDED);
        return sb.toString();
    }

    /** The canonical UTF-8 bytes of a declaration: what approvals sign. */
    public static byte[] declarationBytes(JsonNode declaration) {
        return declaration(declaration).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of any JSON value (nothing excluded). */
    public static String of(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n == null || n.isMissingNode()) {
            throw new IllegalArgumentException("missing value");
        }
        if (n.isObject()) {
            writeObject(n, sb, Set.of());
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isTextual()) {
            string(n.textValue(), sb);
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue().toString());
        } else if (n.isBigDecimal()) {
            sb.append(n.decimalValue().toString());
        } else if (n.isFloatingPointNumber()) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("non-finite number " + d);
            }
            sb.append(new BigDecimal(Double.toString(d)).toString());
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue() ? "true" : "false");
        } else if (n.isNull()) {
            sb.append("null");
        } else {
            throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
        }
    }

    private static void writeObject(JsonNode n, StringBuilder sb, Set<String> excluded) {
        List<String> keys = new ArrayList<>(n.size());
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!excluded.contains(k)) {
                keys.add(k);
            }
        }
        keys.sort(String::compareTo);
        sb.append('{');
        boolean first = true;
        for (String k : keys) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(k, sb);
            sb.append(':');
            write(n.get(k), sb);
        }
        sb.append('}');
    }

    /** A JSON string as JCS writes it. */
    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new IllegalArgumentException("string contains an unpaired surrogate");
                        }
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new IllegalArgumentException("string contains an unpaired surrogate");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
