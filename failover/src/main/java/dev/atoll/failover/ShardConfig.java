package dev.atoll.failover;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.atoll.journal.spi.Epoch;

import java.util.List;

/**
 * Who serves a shard in an epoch: its primary and its replica set (primary first).
 *
 * @since 0.1.0
 */
public record ShardConfig(Epoch epoch, String primary, List<String> replicas) {

  public ShardConfig {
    replicas = List.copyOf(replicas);
  }

  /** The configuration of a shard that never had a primary: nothing to cover. */
  public static ShardConfig none() {
    return new ShardConfig(Epoch.NONE, "", List.of());
  }

  @JsonIgnore
  public boolean isNone() {
    return epoch.equals(Epoch.NONE);
  }
}
