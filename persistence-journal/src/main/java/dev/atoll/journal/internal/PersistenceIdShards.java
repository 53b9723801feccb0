package dev.atoll.journal.internal;

import dev.atoll.framework.ShardFunction;

/**
 * Finds the shard of a persistence id the way the sharding module places its entity: the entity id
 * is the part after the first {@code '|'} of {@code Type|entityId} (Pekko's default separator), and
 * {@link ShardFunction} maps it to a shard. A persistence id without {@code '|'} is used whole, so
 * every id gets a stable shard.
 */
public final class PersistenceIdShards {

  private final ShardFunction shardFunction;

  public PersistenceIdShards(int numberOfShards) {
    this.shardFunction = ShardFunction.of(numberOfShards);
  }

  public int shardOf(String persistenceId) {
    return shardFunction.shardOf(entityIdOf(persistenceId));
  }

  public static String entityIdOf(String persistenceId) {
    int separator = persistenceId.indexOf('|');
    return separator < 0 ? persistenceId : persistenceId.substring(separator + 1);
  }
}
