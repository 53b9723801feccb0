package dev.atoll.journal;

import com.typesafe.config.Config;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.ReplicationBatch;
import dev.atoll.journal.spi.Replicator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.apache.pekko.actor.ActorSystem;

/**
 * A test replicator that records every batch and completes it only when the test says so, so a
 * test can observe what the journal hands over and when it acknowledges. The test also decides
 * the epoch of each shard ({@link #answerEpochs}) and when a shard may recover
 * ({@link #holdRecovery}). Instances are found by ActorSystem name.
 */
public final class RecordingReplicator implements Replicator {

  /** A batch handed to the replicator and the stage the journal waits on. */
  public record Call(ReplicationBatch batch, CompletableFuture<Void> completion) {}

  private static final Map<String, RecordingReplicator> BY_SYSTEM = new ConcurrentHashMap<>();

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Integer> epochQuestions = new CopyOnWriteArrayList<>();
  private final Map<Integer, CompletableFuture<Void>> recoveryGates = new ConcurrentHashMap<>();
  private volatile IntFunction<Epoch> epochs = shard -> Epoch.NONE;

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

  /** The shards {@link #epochFor} was asked about, in order. */
  public List<Integer> epochQuestions() {
    return epochQuestions;
  }

  /** From now on {@link #epochFor} answers (or throws) what {@code answer} does. */
  public void answerEpochs(IntFunction<Epoch> answer) {
    this.epochs = answer;
  }

  /** Entities of {@code shard} wait to recover until the returned future completes. */
  public CompletableFuture<Void> holdRecovery(int shard) {
    return recoveryGates.computeIfAbsent(shard, s -> new CompletableFuture<>());
  }

  @Override
  public CompletionStage<Void> replicate(ReplicationBatch batch) {
    CompletableFuture<Void> completion = new CompletableFuture<>();
    calls.add(new Call(batch, completion));
    return completion;
  }

  @Override
  public Epoch epochFor(int shard) {
    epochQuestions.add(shard);
    return epochs.apply(shard);
  }

  @Override
  public CompletionStage<Void> awaitRecoverable(int shard) {
    CompletableFuture<Void> gate = recoveryGates.get(shard);
    return gate == null ? CompletableFuture.completedFuture(null) : gate;
  }
}
