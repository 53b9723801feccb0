package dev.atoll.failover;

import com.typesafe.config.Config;
import dev.atoll.framework.config.ConfigReader;
import java.time.Duration;

/**
 * The settings of {@code atoll.failover} (see this module's reference.conf for each key).
 *
 * @param replicationFactor copies of each shard's log, primary included ({@code replication-factor})
 * @param writeQuorum copies a write needs before it is acknowledged, primary included; 0 means a
 *     majority of the replica set ({@code write-quorum = majority})
 * @param writeTimeout how long a write may wait for its quorum before the persist fails
 * @param promotionRoundTimeout how long one promise round of a new primary waits for answers
 * @param antiEntropyInterval how often a primary compares its backups' logs with its own and sends
 *     what they lack (re-replication, catch-up of restarted nodes)
 * @param catchUpBatchSize events per message when a backup catches up
 * @param reconfigurationDelay how long membership must stay unchanged before a primary moves its
 *     shard to the replica set the new membership gives it
 * @param unsafePromotion promote a new primary even without promises from enough old replicas
 * @since 0.1.0
 */
public record FailoverSettings(
    int replicationFactor,
    int writeQuorum,
    Duration writeTimeout,
    Duration promotionRoundTimeout,
    Duration antiEntropyInterval,
    int catchUpBatchSize,
    Duration reconfigurationDelay,
    boolean unsafePromotion) {

  /** Reads and validates {@code atoll.failover}; every problem is reported at once with its path. */
  public static FailoverSettings fromConfig(Config config) {
    ConfigReader reader = new ConfigReader(config);
    int factor = reader.getInt(PREFIX + "replication-factor", 1, 16);
    int quorum = writeQuorum(reader, factor);
    FailoverSettings settings =
        new FailoverSettings(
            factor,
            quorum,
            reader.getPositiveDuration(PREFIX + "write-timeout"),
            reader.getPositiveDuration(PREFIX + "promotion-round-timeout"),
            reader.getPositiveDuration(PREFIX + "anti-entropy-interval"),
            reader.getInt(PREFIX + "catch-up-batch-size", 1, 100_000),
            reader.getPositiveDuration(PREFIX + "reconfiguration-delay"),
            reader.getBoolean(PREFIX + "unsafe-promotion"));
    reader.throwIfInvalid();
    return settings;
  }

  private static final String PREFIX = "atoll.failover.";

  private static int writeQuorum(ConfigReader reader, int factor) {
    String raw = reader.getNonEmptyString(PREFIX + "write-quorum");
    if (raw.equals("majority")) {
      return 0;
    }
    try {
      int quorum = Integer.parseInt(raw.trim());
      if (quorum < 1 || quorum > Math.max(factor, 1)) {
        reader.problem(PREFIX + "write-quorum", "must be 'majority' or a number from 1 to replication-factor (" + factor + ")");
      }
      return quorum;
    } catch (NumberFormatException e) {
      reader.problem(PREFIX + "write-quorum", "must be 'majority' or a number from 1 to replication-factor (" + factor + ")");
      return 0;
    }
  }
}
