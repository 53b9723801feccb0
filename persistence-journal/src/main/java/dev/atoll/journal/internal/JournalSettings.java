package dev.atoll.journal.internal;

import dev.atoll.framework.config.ConfigReader;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code atoll.journal} settings, read once from the ActorSystem's config and validated; an
 * invalid value fails with an {@code AtollConfigException} naming the path, the value and where it
 * was set. Defaults and their reasons are in this module's reference.conf.
 *
 * @param store how to open the log store (directory, sync mode, group commit size, shards)
 * @param replicator which {@code Replicator} to use: {@code auto}, {@code local} or a class name
 */
public record JournalSettings(LogStoreSettings store, String replicator) {

  /** Reads the settings from the ActorSystem's full config (with every reference.conf). */
  public static JournalSettings fromConfig(Config config) {
    ConfigReader reader = new ConfigReader(config);
    String dir = reader.getString("atoll.journal.dir");
    Path directory;
    if (dir.isEmpty()) {
      String dataDir = reader.getString("atoll.node.data-dir");
      directory = Path.of(dataDir.isEmpty() ? "." : dataDir).resolve("journal");
    } else {
      directory = Path.of(dir);
    }
    SyncMode sync =
        reader.getChoice("atoll.journal.sync", SyncMode::parse, SyncMode.names(), SyncMode.BATCH);
    Duration interval = reader.getPositiveDuration("atoll.journal.sync-interval");
    int maxRequests = reader.getInt("atoll.journal.max-requests-per-commit", 1, 1_000_000);
    int shards = reader.getInt("atoll.sharding.number-of-shards", 1, 1 << 20);
    String replicator = reader.getString("atoll.journal.replicator");
    if (replicator.isEmpty()) {
      reader.problem(
          "atoll.journal.replicator",
          "must be \"auto\", \"local\" or name a class implementing Replicator");
    }
    reader.throwIfInvalid();
    LogStoreSettings store =
        new LogStoreSettings(
            directory.toAbsolutePath().normalize(), sync, interval, maxRequests, shards);
    return new JournalSettings(store, replicator);
  }
}
