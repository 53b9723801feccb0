package dev.atoll.framework;

import dev.atoll.framework.internal.MurmurHash3;
import java.nio.charset.StandardCharsets;

/**
 * Maps an entity id to its shard: {@code floorMod(murmur3_32(utf8(entityId)), numberOfShards)}.
 *
 * <p>This is the one function that decides where an entity lives. The sharding message extractor
 * and the journal (which derives the entity id from a persistenceId {@code Type|entityId}) both
 * call it, so an entity's events are always stored and replicated with the shard that runs it.
 * The result depends only on the id's UTF-8 bytes and {@code atoll.sharding.number-of-shards}:
 * it is the same on every node and in every JVM run. Changing the number of shards moves almost
 * every entity, so that setting must never change on a cluster that holds data.
 *
 * @since 0.1.0
 */
public final class ShardFunction {

  /** Seed of the hash; fixed forever, because stored data is placed by it. */
  private static final int SEED = 0;

  private final int numberOfShards;

  private ShardFunction(int numberOfShards) {
    if (numberOfShards <= 0) {
      throw new IllegalArgumentException("numberOfShards = " + numberOfShards + ": must be > 0");
    }
    this.numberOfShards = numberOfShards;
  }

  /** A shard function over {@code numberOfShards} shards, numbered {@code 0 .. numberOfShards-1}. */
  public static ShardFunction of(int numberOfShards) {
    return new ShardFunction(numberOfShards);
  }

  public int numberOfShards() {
    return numberOfShards;
  }

  /** The shard of {@code entityId}, in {@code [0, numberOfShards)}. */
  public int shardOf(String entityId) {
    return Math.floorMod(hash(entityId), numberOfShards);
  }

  /** The raw 32-bit MurmurHash3 of the id's UTF-8 bytes (seed 0), before the modulo. */
  public static int hash(String entityId) {
    return MurmurHash3.hash32(entityId.getBytes(StandardCharsets.UTF_8), SEED);
  }

  @Override
  public String toString() {
    return "ShardFunction(" + numberOfShards + " shards)";
  }
}
