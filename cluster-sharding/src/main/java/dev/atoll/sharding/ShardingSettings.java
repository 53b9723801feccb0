package dev.atoll.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollConfigException;
import dev.atoll.framework.ShardFunction;
import dev.atoll.framework.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code atoll.sharding.*} setting, read once from HOCON and validated. The defaults, each
 * with its meaning, unit and the value that turns it off, are in this module's
 * {@code reference.conf} (the two placement keys {@code number-of-shards} and
 * {@code virtual-nodes} are in the framework's).
 *
 * @param numberOfShards {@code atoll.sharding.number-of-shards}: shards entities are hashed into
 * @param virtualNodes {@code atoll.sharding.virtual-nodes}: ring points per member
 * @param replicationFactor {@code atoll.sharding.replication-factor}: replicas per shard, primary
 *     included
 * @param maxLoadFactor {@code atoll.sharding.max-load-factor}: the bounded-loads factor, empty when
 *     off
 * @param rebalanceMaxPerRound {@code atoll.sharding.rebalance-max-per-round}: most shards one
 *     rebalance round moves
 * @param rebalanceInterval {@code atoll.sharding.rebalance-interval}: time between rebalance rounds
 * @param passivationIdleTimeout {@code atoll.sharding.passivation.idle-timeout}: default idle time
 *     before an entity is stopped, empty when off
 * @param snapshotEvery {@code atoll.sharding.snapshot.every}: default events between snapshots, 0
 *     when off
 * @param keepSnapshots {@code atoll.sharding.snapshot.keep}: snapshots kept when snapshotting
 * @param shardReadiness {@code atoll.sharding.shard-readiness}: class name of the
 *     {@link dev.atoll.sharding.spi.ShardReadiness}, empty for "always ready"
 * @since 0.1.0
 */
public record ShardingSettings(
    int numberOfShards,
    int virtualNodes,
    int replicationFactor,
    Optional<Double> maxLoadFactor,
    int rebalanceMaxPerRound,
    Duration rebalanceInterval,
    Optional<Duration> passivationIdleTimeout,
    int snapshotEvery,
    int keepSnapshots,
    String shardReadiness) {

  private static final String PREFIX = "atoll.sharding.";

  /**
   * Reads and validates the settings from {@code config}, falling back to the defaults of every
   * {@code reference.conf} on the class path.
   *
   * @throws AtollConfigException listing every invalid value with its path
   */
  public static ShardingSettings fromConfig(Config config) {
    Config full = config.withFallback(ConfigFactory.defaultReference()).resolve();
    ConfigReader reader = new ConfigReader(full);
    ShardingSettings settings =
        new ShardingSettings(
            reader.getInt(PREFIX + "number-of-shards", 1, 1 << 20),
            reader.getInt(PREFIX + "virtual-nodes", 1, 10_000),
            reader.getInt(PREFIX + "replication-factor", 1, 16),
            reader.getOptionalDouble(PREFIX + "max-load-factor", 1.0),
            reader.getInt(PREFIX + "rebalance-max-per-round", 1, 100_000),
            reader.getPositiveDuration(PREFIX + "rebalance-interval"),
            reader.getOptionalDuration(PREFIX + "passivation.idle-timeout"),
            reader.getIntOrOff(PREFIX + "snapshot.every", 1_000_000),
            reader.getInt(PREFIX + "snapshot.keep", 1, 1000),
            reader.getString(PREFIX + "shard-readiness"));
    reader.throwIfInvalid();
    return settings;
  }

  /** The shard function every module uses for these settings. */
  public ShardFunction shardFunction() {
    return ShardFunction.of(numberOfShards);
  }

  /** A copy with another replication factor. */
  public ShardingSettings withReplicationFactor(int factor) {
    return new ShardingSettings(
        numberOfShards, virtualNodes, factor, maxLoadFactor, rebalanceMaxPerRound,
        rebalanceInterval, passivationIdleTimeout, snapshotEvery, keepSnapshots, shardReadiness);
  }

  /** A copy with another bounded-loads factor (empty: unbounded). */
  public ShardingSettings withMaxLoadFactor(Optional<Double> factor) {
    return new ShardingSettings(
        numberOfShards, virtualNodes, replicationFactor, factor, rebalanceMaxPerRound,
        rebalanceInterval, passivationIdleTimeout, snapshotEvery, keepSnapshots, shardReadiness);
  }

  /** A copy with another per-round rebalance limit. */
  public ShardingSettings withRebalanceMaxPerRound(int max) {
    return new ShardingSettings(
        numberOfShards, virtualNodes, replicationFactor, maxLoadFactor, max,
        rebalanceInterval, passivationIdleTimeout, snapshotEvery, keepSnapshots, shardReadiness);
  }
}
