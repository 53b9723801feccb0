package dev.atoll.journal.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The default {@link Replicator}: a single node keeps its events only in its local store, so a
 * write is complete as soon as the local store has synced it. Public so that a replication module
 * that is inactive in some ActorSystem (the failover module outside a cluster) can hand the journal
 * this rather than a no-op of its own.
 *
 * @since 0.1.0
 */
public final class LocalOnlyReplicator implements Replicator {

  private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  public LocalOnlyReplicator() {}

  @Override
  public CompletionStage<Void> replicate(ReplicationBatch batch) {
    return DONE;
  }

  @Override
  public boolean replicates() {
    return false;
  }
}
