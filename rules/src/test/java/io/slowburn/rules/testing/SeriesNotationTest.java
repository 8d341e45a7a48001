package io.slowburn.rules.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesNotationTest {

    @Test
    void shouldExpandRampsRepeatsValuesAndGaps() {
        assertThat(SeriesNotation.parse("0+10x3")).containsExactly(0.0, 10.0, 20.0, 30.0);
        assertThat(SeriesNotation.parse("10-2x2")).containsExactly(10.0, 8.0, 6.0);
        assertThat(SeriesNotation.parse("100x3")).containsExactly(100.0, 100.0, 100.0);
        assertThat(SeriesNotation.parse("1 2 3 _ 5")).containsExactly(1.0, 2.0, 3.0, null, 5.0);
        assertThat(SeriesNotation.parse("_x2 1.5e9")).isEqualTo(Arrays.asList(null, null, 1.5e9));
        assertThat(SeriesNotation.parse("0+10x60")).hasSize(61).endsWith(600.0);
    }

    @Test
    void shouldNameTheBadTerm() {
        assertThatThrownBy(() -> SeriesNotation.parse("1 2 x3")).hasMessageContaining("bad term 'x3'");
        assertThatThrownBy(() -> SeriesNotation.parse(" ")).hasMessageContaining("empty series");
        assertThatThrownBy(() -> SeriesNotation.parse("0+1x99999999")).hasMessageContaining("longer than");
    }

    @Test
    void shouldParseSeriesNamesWithTheSourceAsALabel() {
        SeriesName n = SeriesName.parse("jvm.memory.used{source=\"host-1\", area=\"heap\"}");
        assertThat(n.metric()).isEqualTo("jvm.memory.used");
        assertThat(n.source()).isEqualTo("host-1");
        assertThat(n.labels()).isEqualTo(Map.of("area", "heap"));
        assertThatThrownBy(() -> SeriesName.parse("os.fd.open")).hasMessageContaining("names no source");
        assertThatThrownBy(() -> SeriesName.parse("os.fd.open{source=host}")).hasMessageContaining("bad labels");
        assertThat(List.of(SeriesName.parse("a{source=\"s\"}").labels())).containsExactly(Map.of());
    }
}
