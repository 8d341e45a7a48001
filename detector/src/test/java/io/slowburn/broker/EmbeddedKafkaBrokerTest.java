package io.slowburn.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path kept;

    @Test
    void shouldLeaveNoNonDaemonThreadsAndRemoveItsTemporaryDataDir() {
        Set<String> before = liveNonDaemonThreads();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Path dir = broker.dataDir();
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");

        broker.close();

        assertThat(Files.exists(dir)).isFalse();
        assertThat(liveNonDaemonThreads()).as("threads left behind").isSubsetOf(before);
    }

    @Test
    void shouldKeepAGivenDataDirectoryAndReuseItOnRestart() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, kept)) {
            assertThat(broker.dataDir()).isEqualTo(kept);
        }
        assertThat(kept.resolve("log/meta.properties")).exists();
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(0, kept)) {
            assertThat(again.bootstrapServers()).startsWith("127.0.0.1:");
        }
    }

    private static Set<String> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
