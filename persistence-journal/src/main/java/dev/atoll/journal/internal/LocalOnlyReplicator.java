package dev.atoll.journal.internal;

import dev.atoll.journal.spi.ReplicationBatch;
import dev.atoll.journal.spi.Replicator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The default {@link Replicator}: a single node keeps its events only in its local store, so a
 * write is complete as soon as the local store has synced it.
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
