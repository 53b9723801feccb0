package dev.atoll.sharding.spi;

import org.apache.pekko.actor.Address;

/**
 * Tells the allocation strategy whether a shard may move to its new primary yet, so that a planned
 * move can <em>fill the target first</em>: a joining member becomes a replica of its future shards,
 * re-replication copies their events to it, and only then does the rebalance move the primary
 * there (so the move needs no read repair). The failover module implements it; cluster-sharding
 * ships {@link #ALWAYS_READY}, its default. Chosen by class name in
 * {@code atoll.sharding.shard-readiness}.
 *
 * <p>An implementation MUST guarantee:
 *
 * <ol>
 *   <li>{@link #isReady(int, Address)} returns quickly and never blocks: it is called on the shard
 *       coordinator's thread, once per candidate shard in each rebalance round. Keep the answer
 *       in memory and update it asynchronously.
 *   <li>It is safe to call from any thread, concurrently.
 *   <li>Once it answers {@code true} for {@code (shard, target)} it keeps answering {@code true}
 *       as long as {@code target} stays a replica of {@code shard}: readiness never flaps while
 *       the membership is unchanged, or shards could be left half-moved forever.
 *   <li>Every shard it answers {@code false} for becomes ready in bounded time while the target
 *       stays up and reachable (or the implementation logs why not): a shard that is never ready
 *       is never rebalanced to its primary.
 *   <li>It does not throw. The strategy treats an exception as "not ready" and logs it.
 * </ol>
 *
 * <p>Readiness only gates rebalancing of shards that already run somewhere. A shard with no home
 * (first use, or its node left or crashed) is allocated at once, whatever this answers.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ShardReadiness {

  /** Every shard may move at once: the default when no readiness is configured. */
  ShardReadiness ALWAYS_READY = (shard, target) -> true;

  /**
   * Whether {@code shard} may now move to {@code target}, its primary in the current shard table.
   *
   * @param shard the shard number, in {@code [0, number-of-shards)}
   * @param target the cluster address of the member that should become its primary
   */
  boolean isReady(int shard, Address target);
}
