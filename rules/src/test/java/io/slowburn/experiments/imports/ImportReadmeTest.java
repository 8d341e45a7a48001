package io.slowburn.experiments.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's fault table for {@code experiments import} names every experiment and action the importer maps. */
class ImportReadmeTest {

    @Test
    void shouldListEveryMappedLitmusExperimentAndToolkitActionInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int at = readme.indexOf("### Importing a chaos tool's experiment");
        assertThat(at).isPositive();
        String section = readme.substring(at, readme.indexOf("\n## ", at));
        for (var e : LitmusExperiments.all().entrySet()) {
            assertThat(section).as(e.getKey()).containsPattern("\\| Litmus \\| [^\\n]*`" + e.getKey() + "`[^\\n]*`"
                    + e.getValue().fault().wire() + "`");
        }
        for (var e : ChaosToolkitActions.table().entrySet()) {
            assertThat(section).as(e.getKey()).containsPattern("\\| Chaos Toolkit \\| [^\\n]*`" + e.getKey().replace(".", "\\.")
                    + "`[^\\n]*`" + e.getValue().wire() + "`");
        }
    }
}
