package dev.atoll.journal.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Copies what the local journal has just written to other nodes, and tells the journal which
 * epoch to store with new events and when a shard's entities may recover. The journal calls
 * {@link #epochFor} for the shards of a write, stores the events with those epochs, then calls
 * {@link #replicate} once per write, and acknowledges the write to the persistent actor only when
 * both the local write and the returned stage have completed. Before it reads anything for an
 * entity's recovery it waits for {@link #awaitRecoverable}. The failover module implements it to
 * keep each shard's backups up to date; the default, {@link LocalOnlyReplicator}, replicates nothing, stores
 * {@link Epoch#NONE} and never delays a recovery.
 *
 * <p>Chosen with {@code atoll.journal.replicator}: {@code auto} (the default) uses the single
 * {@link ReplicatorProvider} on the class path, or local-only if there is none; {@code local}
 * selects local-only; anything else is a class name. Such a class needs a public constructor
 * taking {@code (org.apache.pekko.actor.ActorSystem, com.typesafe.config.Config)} (the config is
 * the journal plugin's section) or a public no-argument constructor. One instance is created per
 * journal plugin instance.
 *
 * <p>An implementation MUST:
 *
 * <ol>
 *   <li>complete the stage of {@link #replicate} normally only when the batch's events are stored
 *       as durably as its replication guarantee promises (for example on a write quorum of
 *       replicas); the journal takes normal completion as "acknowledge to the entity";
 *   <li>complete it exceptionally when it cannot tell that they are, including on timeout; it
 *       MUST NOT leave the stage incomplete forever. The journal then fails the persist: the
 *       entity stops, and the caller MUST assume the events may or may not be stored (they are in
 *       the local store and possibly on some replicas), exactly like any failed Pekko persist;
 *   <li>not block the calling thread in any method (replicate runs on the journal's writer
 *       completion path, epochFor and awaitRecoverable on the journal actor): do I/O and waiting
 *       asynchronously;
 *   <li>keep the order of batches for each persistence id: batches of one persistence id are handed
 *       over in sequence number order and MUST be applied on replicas in that order;
 *   <li>treat the batch as read-only and never modify its byte arrays;
 *   <li>be thread-safe: every method may be called again before an earlier stage completes, and
 *       from several threads;
 *   <li>answer {@link #epochFor} from memory (it is asked on every write), and throw from it
 *       rather than return an epoch in which this node may not write the shard;
 *   <li>eventually complete every stage returned by {@link #awaitRecoverable}, normally or
 *       exceptionally: an entity whose recovery waits on it is stuck until then.
 * </ol>
 *
 * @since 0.1.0
 */
public interface Replicator {

  /** Replicates {@code batch}; see the class documentation for what completion means. */
  CompletionStage<Void> replicate(ReplicationBatch batch);

  /**
   * Whether this replicator copies writes anywhere. For one that does not (local-only, or a
   * replication module that is inactive in this ActorSystem) the journal never builds a
   * {@link ReplicationBatch} nor calls {@link #replicate}: a write is then acknowledged as soon as
   * it is stored locally, without a copy of its keys and a completion stage per write on the hot
   * path. {@link #epochFor} and {@link #awaitRecoverable} are still called. Asked once, when the
   * journal starts. Default true.
   */
  default boolean replicates() {
    return true;
  }

  /**
   * The epoch the local journal stores with new events of {@code shard}, asked before each write
   * (once per shard and write). Throwing (any RuntimeException) fails that journal write before
   * anything is stored: the persist fails (it is not rejected) with the exception as the cause.
   * The batch then handed to {@link #replicate} carries the same epoch
   * ({@link ReplicationBatch.PersistenceIdEvents#epoch()}). Default {@link Epoch#NONE}.
   *
   * @param shard the shard of the persistence ids being written
   */
  default Epoch epochFor(int shard) {
    return Epoch.NONE;
  }

  /**
   * Completes when the entities of {@code shard} may recover on this node. The journal waits for it
   * in {@code asyncReadHighestSequenceNr} and {@code asyncReplayMessages} before reading anything
   * (so no entity replays a log that read repair is about to change), without blocking a thread.
   * It may complete exceptionally: recovery then fails with that cause. Default: completed.
   *
   * @param shard the shard of the persistence id about to recover
   */
  default CompletionStage<Void> awaitRecoverable(int shard) {
    return CompletableFuture.completedFuture(null);
  }
}
