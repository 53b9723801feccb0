package dev.atoll.journal;

import com.typesafe.config.Config;
import dev.atoll.journal.spi.ReplicationBatch;
import dev.atoll.journal.spi.Replicator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.ActorSystem;

/**
 * A test replicator that records every batch and completes it only when the test says so, so a
 * test can observe what the journal hands over and when it acknowledges. Instances are found by
 * ActorSystem name.
 */
public final class RecordingReplicator implements Replicator {

  /** A batch handed to the replicator and the stage the journal waits on. */
  public record Call(ReplicationBatch batch, CompletableFuture<Void> completion) {}

  private static final Map<String, RecordingReplicator> BY_SYSTEM = new ConcurrentHashMap<>();

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  public RecordingReplicator(ActorSystem system, Config pluginConfig) {
    BY_SYSTEM.put(system.name(), this);
  }

  public static RecordingReplicator of(String systemName) {
    RecordingReplicator replicator = BY_SYSTEM.get(systemName);
    if (replicator == null) {
      throw new IllegalStateException("no RecordingReplicator for system " + systemName);
    }
    return replicator;
  }

  public List<Call> calls() {
    return calls;
  }

  @Override
  public CompletionStage<Void> replicate(ReplicationBatch batch) {
    CompletableFuture<Void> completion = new CompletableFuture<>();
    calls.add(new Call(batch, completion));
    return completion;
  }
}
