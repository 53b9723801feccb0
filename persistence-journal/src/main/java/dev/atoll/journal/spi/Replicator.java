package dev.atoll.journal.spi;

import java.util.concurrent.CompletionStage;

/**
 * Copies what the local journal has just written to other nodes. The journal calls
 * {@link #replicate} once per write, after the events are durably in the local store, and
 * acknowledges the write to the persistent actor only when both the local write and the returned
 * stage have completed. The failover module implements it to keep each shard's backups up to date;
 * the default, {@code dev.atoll.journal.internal.LocalOnlyReplicator}, replicates nothing.
 *
 * <p>Chosen by class name in {@code atoll.journal.replicator}. The class needs a public
 * constructor taking {@code (org.apache.pekko.actor.ActorSystem, com.typesafe.config.Config)} (the
 * config is the journal plugin's section) or a public no-argument constructor. One instance is
 * created per journal plugin instance.
 *
 * <p>An implementation MUST:
 *
 * <ol>
 *   <li>complete the returned stage normally only when the batch's events are stored as durably as
 *       its replication guarantee promises (for example on a write quorum of replicas); the journal
 *       takes normal completion as "acknowledge to the entity";
 *   <li>complete it exceptionally when it cannot tell that they are, including on timeout; it
 *       MUST NOT leave the stage incomplete forever. The journal then fails the persist: the
 *       entity stops, and the caller MUST assume the events may or may not be stored (they are in
 *       the local store and possibly on some replicas), exactly like any failed Pekko persist;
 *   <li>not block the calling thread (it is the journal's writer completion path): do I/O and
 *       waiting asynchronously;
 *   <li>keep the order of batches for each persistence id: batches of one persistence id are handed
 *       over in sequence number order and MUST be applied on replicas in that order;
 *   <li>treat the batch as read-only and never modify its byte arrays;
 *   <li>be thread-safe: {@link #replicate} may be called again before an earlier stage completes.
 * </ol>
 *
 * @since 0.1.0
 */
public interface Replicator {

  /** Replicates {@code batch}; see the class documentation for what completion means. */
  CompletionStage<Void> replicate(ReplicationBatch batch);
}
