package dev.atoll.journal;

import com.typesafe.config.Config;
import dev.atoll.journal.internal.Events;
import dev.atoll.journal.internal.JournalPlugins;
import dev.atoll.journal.internal.LogStore;
import dev.atoll.journal.internal.LogStoreExtension;
import dev.atoll.journal.internal.PayloadSerializer;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.Replicator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.ExecutionContextExecutor;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * Atoll's embedded event journal, a Pekko persistence journal plugin: select it with
 * {@code pekko.persistence.journal.plugin = "atoll.journal"}. Events go to the node's RocksDB log
 * store (group commit, fsynced before acknowledgement with {@code atoll.journal.sync = batch}),
 * each with the epoch the {@link Replicator} gives its shard, and then to the Replicator.
 *
 * <p>Guarantees: a write is acknowledged only after the local synced write and the replicator both
 * completed, so a later replay sees it; if either fails, or the store cannot tell whether the
 * write landed, the write fails (the entity stops; assume the events may or may not be stored). If
 * the Replicator refuses an epoch ({@link Replicator#epochFor} throws) the write fails with that
 * cause and nothing of it is stored. An event that cannot be serialized is rejected, with the
 * rest of the atomic write it belongs to, and nothing of that atomic write is stored. An entity's
 * recovery reads nothing before {@link Replicator#awaitRecoverable} allows it. The highest
 * sequence number of a persistence id never decreases, not even after {@code deleteMessagesTo};
 * only the replication protocol may lower it, when it drops a tail that was never acknowledged.
 *
 * @since 0.1.0
 */
public final class AtollJournal extends AsyncWriteJournal {

  private final LogStore store;
  private final Events events;
  private final Replicator replicator;
  private final boolean replicates;
  private final ExecutionContextExecutor executor;

  /** Created by Pekko persistence with the plugin's config section ({@code atoll.journal}). */
  public AtollJournal(Config pluginConfig) {
    LogStoreExtension storage = LogStoreExtension.get(context().system());
    this.store = storage.store();
    this.events = new Events(new PayloadSerializer(context().system()));
    this.replicator = JournalPlugins.replicator(storage.settings(), context().system(), pluginConfig);
    this.replicates = replicator.replicates();
    this.executor = context().dispatcher();
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
    List<Optional<Exception>> results = new ArrayList<>();
    List<JournalEvent> accepted = new ArrayList<>();
    for (AtomicWrite write : messages) {
      try {
        List<JournalEvent> stored = new ArrayList<>();
        for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
          stored.add(events.toStored(repr));
        }
        accepted.addAll(stored);
        results.add(Optional.empty());
      } catch (Exception e) {
        results.add(Optional.of(e));
      }
    }
    if (accepted.isEmpty()) {
      return Future.successful(results);
    }
    List<ReplicatedEvent> withEpochs;
    try {
      withEpochs = withEpochs(accepted);
    } catch (RuntimeException e) {
      // the replicator refused: fail (not reject) the whole write, nothing stored
      return FutureConverters.asScala(CompletableFuture.failedFuture(e));
    }
    CompletionStage<Void> stored = store.appendReplicated(withEpochs);
    CompletionStage<Void> replicated =
        replicates
            ? stored.thenCompose(ignored -> replicator.replicate(Events.batchOf(withEpochs, store)))
            : stored; // nothing to hand over: skip building the batch on the hot path
    CompletionStage<Iterable<Optional<Exception>>> done = replicated.thenApply(ignored -> results);
    return FutureConverters.asScala(done);
  }

  /** Pairs each event with its shard's epoch, asking the replicator once per shard. */
  private List<ReplicatedEvent> withEpochs(List<JournalEvent> accepted) {
    List<ReplicatedEvent> paired = new ArrayList<>(accepted.size());
    Map<Integer, Epoch> epochs = new HashMap<>();
    String lastId = null;
    Epoch epoch = Epoch.NONE;
    for (JournalEvent event : accepted) {
      if (!event.persistenceId().equals(lastId)) {
        lastId = event.persistenceId();
        int shard = store.shardOf(lastId);
        epoch = epochs.get(shard);
        if (epoch == null) {
          epoch = replicator.epochFor(shard);
          if (epoch == null) {
            throw new IllegalStateException(
                replicator.getClass().getName() + ".epochFor(" + shard + ") returned null");
          }
          epochs.put(shard, epoch);
        }
      }
      paired.add(new ReplicatedEvent(event, epoch));
    }
    return paired;
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return FutureConverters.asScala(store.deleteEventsTo(persistenceId, toSequenceNr));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    return whenRecoverable(
        persistenceId,
        () -> {
          store.replay(
              persistenceId,
              fromSequenceNr,
              toSequenceNr,
              max,
              event -> replayCallback.accept(events.toRepr(event)));
          return null;
        });
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return whenRecoverable(persistenceId, () -> store.highestSequenceNr(persistenceId));
  }

  /**
   * Runs {@code read} on the journal's dispatcher once the replicator lets the shard of
   * {@code persistenceId} recover; never blocks a thread while waiting. Fails with the
   * replicator's cause if it refuses, or with the read's exception.
   */
  private <T> Future<T> whenRecoverable(String persistenceId, Supplier<T> read) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletionStage<Void> recoverable;
    try {
      recoverable = replicator.awaitRecoverable(store.shardOf(persistenceId));
    } catch (RuntimeException e) {
      return FutureConverters.asScala(CompletableFuture.failedFuture(e));
    }
    recoverable.whenComplete(
        (ignored, refused) -> {
          if (refused != null) {
            result.completeExceptionally(unwrap(refused));
            return;
          }
          executor.execute(
              () -> {
                try {
                  result.complete(read.get());
                } catch (Throwable failure) {
                  result.completeExceptionally(failure);
                }
              });
        });
    return FutureConverters.asScala(result);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
