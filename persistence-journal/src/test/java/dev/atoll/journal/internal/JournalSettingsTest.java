package dev.atoll.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollConfigException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JournalSettingsTest {

  private static Config withDefaults(String text) {
    return ConfigFactory.parseString(text).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaultsToASyncedJournalInsideTheNodeDataDirectory() {
    JournalSettings settings =
        JournalSettings.fromConfig(withDefaults("atoll.node.data-dir = \"/var/atoll/node-1\""));

    assertThat(settings.store().directory()).isEqualTo(Path.of("/var/atoll/node-1/journal"));
    assertThat(settings.store().syncMode()).isEqualTo(SyncMode.BATCH);
    assertThat(settings.store().numberOfShards()).isEqualTo(256);
    assertThat(settings.replicator()).isEqualTo("auto");
  }

  @Test
  void anExplicitJournalDirectoryWinsOverTheDataDirectory() {
    JournalSettings settings =
        JournalSettings.fromConfig(
            withDefaults(
                "atoll.node.data-dir = \"/var/atoll/node-1\"\n"
                    + "atoll.journal.dir = \"/mnt/fast/journal\"\n"
                    + "atoll.journal.sync = interval\n"
                    + "atoll.journal.sync-interval = 20ms"));

    assertThat(settings.store().directory()).isEqualTo(Path.of("/mnt/fast/journal"));
    assertThat(settings.store().syncMode()).isEqualTo(SyncMode.INTERVAL);
    assertThat(settings.store().syncInterval()).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void rejectsEveryInvalidValueNamingItsPath() {
    assertThatThrownBy(
            () ->
                JournalSettings.fromConfig(
                    withDefaults(
                        "atoll.journal.sync = sometimes\n"
                            + "atoll.journal.max-requests-per-commit = 0\n"
                            + "atoll.journal.sync-interval = -1s")))
        .isInstanceOf(AtollConfigException.class)
        .satisfies(
            e ->
                assertThat(((AtollConfigException) e).problems())
                    .hasSize(3)
                    .anyMatch(p -> p.startsWith("atoll.journal.sync = \"sometimes\"") && p.contains("batch | interval | off"))
                    .anyMatch(p -> p.startsWith("atoll.journal.max-requests-per-commit = 0"))
                    .anyMatch(p -> p.startsWith("atoll.journal.sync-interval")));
  }
}
