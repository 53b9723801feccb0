package dev.atoll.journal;

import com.typesafe.config.Config;
import dev.atoll.journal.internal.Events;
import dev.atoll.journal.internal.LocalOnlyReplicator;
import dev.atoll.journal.internal.LogStore;
import dev.atoll.journal.internal.LogStoreExtension;
import dev.atoll.journal.internal.PayloadSerializer;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.Replicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
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
 * store (group commit, fsynced before acknowledgement with {@code atoll.journal.sync = batch}) and
 * then to the configured {@link dev.atoll.journal.spi.Replicator}.
 *
 * <p>Guarantees: a write is acknowledged only after the local synced write and the replicator both
 * completed, so a later replay sees it; if either fails, or the store cannot tell whether the
 * write landed, the write fails (the entity stops; assume the events may or may not be stored). An
 * event that cannot be serialized is rejected, with the rest of the atomic write it belongs to,
 * and nothing of that atomic write is stored. The highest sequence number of a persistence id
 * never decreases, not even after {@code deleteMessagesTo}.
 *
 * @since 0.1.0
 */
public final class AtollJournal extends AsyncWriteJournal {

  private final LogStore store;
  private final Events events;
  private final Replicator replicator;
  private final ExecutionContextExecutor executor;

  /** Created by Pekko persistence with the plugin's config section ({@code atoll.journal}). */
  public AtollJournal(Config pluginConfig) {
    LogStoreExtension storage = LogStoreExtension.get(context().system());
    this.store = storage.store();
    this.events = new Events(new PayloadSerializer(context().system()));
    this.replicator =
        dev.atoll.journal.internal.JournalPlugins.replicator(
            storage.settings(), context().system(), pluginConfig);
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
    CompletionStage<Void> stored = store.append(accepted);
    CompletionStage<Void> replicated =
        replicator instanceof LocalOnlyReplicator
            ? stored // nothing to hand over: skip building the batch on the hot path
            : stored.thenCompose(ignored -> replicator.replicate(Events.batchOf(accepted, store)));
    CompletionStage<Iterable<Optional<Exception>>> done = replicated.thenApply(ignored -> results);
    return FutureConverters.asScala(done);
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
    return FutureConverters.asScala(
        CompletableFuture.runAsync(
            () ->
                store.replay(
                    persistenceId,
                    fromSequenceNr,
                    toSequenceNr,
                    max,
                    event -> replayCallback.accept(events.toRepr(event))),
            executor));
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return FutureConverters.asScala(
        CompletableFuture.supplyAsync(() -> store.highestSequenceNr(persistenceId), executor));
  }
}
