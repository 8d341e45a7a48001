package io.slowburn.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.engine.Watermarks;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The findings topics' keys travel as the string serializer wrote them and reach the verdict stage as bytes: the desk
 * gets the key the string deserializer made of them, but for a heartbeat, whose key it reads no further than its prefix.
 */
class VerdictKeyTest {

    @Test
    void theDeskGetsTheDecodedKeyOrForAHeartbeatThePrefix() {
        var serializer = Serdes.String().serializer();
        var deserializer = Serdes.String().deserializer();
        String[] keys = {"fleet", "~tick|0_1", "~tick|source-0_1", "~tick", "~tic|x", "~tick|", "audit|x", "", "é~tick|",
            "~tick|ü"};
        for (String key : keys) {
            assertThat(DetectorTopology.utf8(key)).isEqualTo(serializer.serialize("t", key));
            assertKeyAsDecoded(DetectorTopology.utf8(key), deserializer.deserialize("t", serializer.serialize("t", key)));
        }
        Random random = new Random(16);
        byte[] prefix = Watermarks.KEY_PREFIX.getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < 50_000; n++) {
            byte[] bytes = new byte[random.nextInt(10)];
            random.nextBytes(bytes);
            if (n % 2 == 0) { // a random prefix of the heartbeat prefix, then anything (invalid UTF-8 too)
                System.arraycopy(prefix, 0, bytes, 0, Math.min(bytes.length, random.nextInt(prefix.length + 1)));
            }
            assertKeyAsDecoded(bytes, deserializer.deserialize("t", bytes));
        }
        assertThat(VerdictProcessor.keyOf(null)).isNull();
    }

    private static void assertKeyAsDecoded(byte[] bytes, String decoded) {
        String key = VerdictProcessor.keyOf(bytes);
        assertThat(Watermarks.isHeartbeat(key)).isEqualTo(Watermarks.isHeartbeat(decoded));
        if (!Watermarks.isHeartbeat(decoded)) {
            assertThat(key).isEqualTo(decoded);
        }
    }
}
