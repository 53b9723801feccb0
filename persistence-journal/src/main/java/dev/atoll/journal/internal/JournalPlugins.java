package dev.atoll.journal.internal;

import dev.atoll.framework.config.ConfigReader;
import com.typesafe.config.Config;
import dev.atoll.journal.spi.Replicator;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;

/** Small factories the public plugin classes use, kept here so they stay out of the API. */
public final class JournalPlugins {

  private JournalPlugins() {}

  /** The read journal's settings, read from the section at {@code path} of the full config. */
  public record QuerySettings(java.time.Duration refreshInterval, int batchSize) {}

  public static QuerySettings querySettings(Config config, String path) {
    ConfigReader reader = new ConfigReader(config);
    java.time.Duration refresh = reader.getPositiveDuration(path + ".refresh-interval");
    int batchSize = reader.getInt(path + ".batch-size", 1, 100_000);
    reader.throwIfInvalid();
    return new QuerySettings(refresh, batchSize);
  }

  /** The Replicator {@code atoll.journal.replicator} selects, loaded with the system's class loader. */
  public static Replicator replicator(
      JournalSettings settings, ActorSystem system, Config pluginConfig) {
    ClassLoader classLoader =
        system instanceof ExtendedActorSystem extended
            ? extended.dynamicAccess().classLoader()
            : JournalPlugins.class.getClassLoader();
    return ReplicatorLoader.load(settings.replicator(), classLoader, system, pluginConfig);
  }
}
