package dev.atoll.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/** ActorSystem configs that use Atoll's journal plugins on a given data directory. */
public final class TestConfigs {

  private TestConfigs() {}

  public static Config journalIn(Path directory) {
    return ConfigFactory.parseString(
            "pekko.persistence.journal.plugin = \"atoll.journal\"\n"
                + "pekko.persistence.snapshot-store.plugin = \"atoll.snapshot-store\"\n"
                + "pekko.loglevel = WARNING\n"
                + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
                + "atoll.query.refresh-interval = 50ms\n")
        .withValue(
            "atoll.journal.dir",
            com.typesafe.config.ConfigValueFactory.fromAnyRef(directory.toString()));
  }
}
