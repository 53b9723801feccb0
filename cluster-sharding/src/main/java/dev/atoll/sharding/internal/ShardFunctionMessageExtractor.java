package dev.atoll.sharding.internal;

import dev.atoll.framework.ShardFunction;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * The message extractor of every entity type started through {@code Entities}: the shard id of an
 * entity is the decimal string of {@link ShardFunction#shardOf(String)}, the same function the
 * journal uses, so an entity's events are stored with the shard that runs it and entity types
 * sharing an id share a shard. Works with {@link ShardingEnvelope}, which {@code EntityRef} sends.
 */
public final class ShardFunctionMessageExtractor<M>
    extends ShardingMessageExtractor<ShardingEnvelope<M>, M> {

  private final ShardFunction shardFunction;
  /** Shard ids are interned once: allocation and routing compare them on every message. */
  private final String[] shardIds;

  public ShardFunctionMessageExtractor(ShardFunction shardFunction) {
    this.shardFunction = shardFunction;
    this.shardIds = new String[shardFunction.numberOfShards()];
    for (int shard = 0; shard < shardIds.length; shard++) {
      shardIds[shard] = Integer.toString(shard);
    }
  }

  @Override
  public String entityId(ShardingEnvelope<M> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    return shardIds[shardFunction.shardOf(entityId)];
  }

  @Override
  public M unwrapMessage(ShardingEnvelope<M> envelope) {
    return envelope.message();
  }
}
