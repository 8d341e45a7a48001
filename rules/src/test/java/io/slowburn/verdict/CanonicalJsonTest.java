package io.slowburn.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    @Test
    void sortsKeysRecursivelyAndDropsWhitespace() throws Exception {
        String c = CanonicalJson.of(CanonicalJson.readTree("""
                { "b" : 1,
                  "a" : { "z" : [ 3, 2, 1 ], "y" : true, "x" : null } }"""));
        assertThat(c).isEqualTo("{\"a\":{\"x\":null,\"y\":true,\"z\":[3,2,1]},\"b\":1}");
    }

    @Test
    void sortsKeysByUtf16CodeUnitsNotByCodePoints() throws Exception {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB01 (as JCS requires)
        String c = CanonicalJson.of(CanonicalJson.readTree("{\"\uFB01\":1,\"\uD83D\uDE00\":2,\"a\":3,\"B\":4}"));
        assertThat(c).isEqualTo("{\"B\":4,\"a\":3,\"\uD83D\uDE00\":2,\"\uFB01\":1}");
    }

    @Test
    void leavesOutApprovalsAndStreamOnlyAtTopLevel() throws Exception {
        String c = CanonicalJson.declaration(CanonicalJson.readTree("""
                {"stream":"experiment","id":"e","approvals":[{"key_id":"k","sig":"x"}],"x":{"stream":1,"approvals":2}}"""));
        assertThat(c).isEqualTo("{\"id\":\"e\",\"x\":{\"approvals\":2,\"stream\":1}}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1.50|1.50",
        "0.95|0.95",
        "2.5|2.5",
        "-2.0|-2.0",
        "1.0|1.0",
        "100|100",
        "-7|-7",
        "1772409600000|1772409600000",
        "123456789012345678901234567890|123456789012345678901234567890",
        "1e3|1E+3",
        "1E3|1E+3",
        "1.5e3|1.5E+3",
        "2.5e-3|0.0025",
        "1e-7|1E-7",
        "0.0000001|1E-7",
        "-0|0",
        "-0.0|0.0",
    })
    void writesNumbersAsTheirExactDecimalText(String written, String canonical) throws Exception {
        assertThat(CanonicalJson.of(CanonicalJson.readTree("{\"n\":" + written + "}"))).isEqualTo("{\"n\":" + canonical + "}");
    }

    @Test
    void keepsTrailingZerosThatADefaultMapperWouldDrop() throws Exception {
        // with a default ObjectMapper 1.50 becomes the double 1.5: the canonical text would change
        assertThat(CanonicalJson.readTree("{\"n\":1.50}").get("n").decimalValue().toPlainString()).isEqualTo("1.50");
    }

    @Test
    void escapesStringsMinimallyAsJcsDoes() throws Exception {
        String c = CanonicalJson.of(CanonicalJson.readTree("{\"s\":\"q\\\" b\\\\ t\\t n\\n r\\r f\\f bs\\b "
                + "nul\\u0000 us\\u001f del\\u007f / \\u00e9 \\u20ac \\ud83d\\ude00 \\u2028\"}"));
        assertThat(c).isEqualTo("{\"s\":\"q\\\" b\\\\ t\\t n\\n r\\r f\\f bs\\b "
                + "nul\\u0000 us\\u001f del\u007f / \u00e9 \u20ac \uD83D\uDE00 \u2028\"}");
    }

    @Test
    void writesUtf8() throws Exception {
        byte[] b = CanonicalJson.declarationBytes(CanonicalJson.readTree("{\"t\":\"\u00e9\"}"));
        assertThat(b).isEqualTo("{\"t\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(b).hasSize(10);
    }

    @Test
    void rejectsUnpairedSurrogates() throws Exception {
        assertThatThrownBy(() -> CanonicalJson.of(CanonicalJson.readTree("{\"s\":\"\\ud800x\"}")))
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void rejectsDuplicateKeysWhenReading() {
        assertThatThrownBy(() -> CanonicalJson.readTree("{\"id\":\"a\",\"id\":\"b\"}")).hasMessageContaining("Duplicate field");
    }

    @Test
    void isTheSameForTheSameDeclarationWrittenDifferently() throws Exception {
        String a = CanonicalJson.declaration(CanonicalJson.readTree("{\"id\":\"e\",\"end\":2,\"start\":1,\"ratio\":0.50}"));
        String b = CanonicalJson.declaration(CanonicalJson.readTree(
                "{ \"start\" : 1,\n \"ratio\" : 0.50, \"id\" : \"\\u0065\", \"end\" : 2 }"));
        assertThat(a).isEqualTo(b).isEqualTo("{\"end\":2,\"id\":\"e\",\"ratio\":0.50,\"start\":1}");
    }
}
