package dev.atoll.journal;

import dev.atoll.journal.internal.LogStore;
import dev.atoll.journal.internal.LogStoreExtension;
import dev.atoll.journal.internal.PayloadSerializer;
import dev.atoll.journal.internal.StoredSnapshot;
import dev.atoll.journal.spi.SerializedObject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.ExecutionContextExecutor;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;
import scala.jdk.javaapi.OptionConverters;

/**
 * Atoll's embedded snapshot store, a Pekko persistence snapshot plugin: select it with
 * {@code pekko.persistence.snapshot-store.plugin = "atoll.snapshot-store"}. Snapshots live in the
 * same RocksDB store as the events (one per persistence id and sequence number, a later save with
 * the same sequence number replaces the earlier one) and are written with the same group commit
 * and sync mode. Snapshots and their metadata are serialized with Pekko Serialization. Snapshots
 * are local to the node: they are not replicated, because events are and a snapshot can always be
 * rebuilt from them.
 *
 * @since 0.1.0
 */
public final class AtollSnapshotStore extends SnapshotStore {

  private final LogStore store;
  private final PayloadSerializer serializer;
  private final ExecutionContextExecutor executor;

  /** Created by Pekko persistence. */
  public AtollSnapshotStore() {
    this.store = LogStoreExtension.get(context().system()).store();
    this.serializer = new PayloadSerializer(context().system());
    this.executor = context().dispatcher();
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    return FutureConverters.asScala(
        CompletableFuture.supplyAsync(
            () ->
                store
                    .latestSnapshot(
                        persistenceId,
                        criteria.minSequenceNr(),
                        criteria.maxSequenceNr(),
                        criteria.minTimestamp(),
                        criteria.maxTimestamp())
                    .map(this::toSelected),
            executor));
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    StoredSnapshot stored;
    try {
      Optional<Object> extra = OptionConverters.toJava(metadata.metadata());
      Optional<SerializedObject> serializedExtra =
          extra.isPresent() ? Optional.of(serializer.serialize(extra.get())) : Optional.empty();
      stored =
          new StoredSnapshot(
              metadata.persistenceId(),
              metadata.sequenceNr(),
              metadata.timestamp(),
              serializer.serialize(snapshot),
              serializedExtra);
    } catch (Exception e) {
      return FutureConverters.asScala(CompletableFuture.<Void>failedFuture(e));
    }
    return FutureConverters.asScala(store.saveSnapshot(stored));
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    // timestamp 0 means "any timestamp", as in Pekko's own snapshot stores
    long timestamp = metadata.timestamp();
    return FutureConverters.asScala(
        store.deleteSnapshots(
            metadata.persistenceId(),
            metadata.sequenceNr(),
            metadata.sequenceNr(),
            timestamp == 0 ? 0 : timestamp,
            timestamp == 0 ? Long.MAX_VALUE : timestamp));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return FutureConverters.asScala(
        store.deleteSnapshots(
            persistenceId,
            criteria.minSequenceNr(),
            criteria.maxSequenceNr(),
            criteria.minTimestamp(),
            criteria.maxTimestamp()));
  }

  private SelectedSnapshot toSelected(StoredSnapshot stored) {
    SnapshotMetadata metadata =
        new SnapshotMetadata(stored.persistenceId(), stored.sequenceNr(), stored.timestamp());
    if (stored.metadata().isPresent()) {
      metadata = metadata.withMetadata(serializer.deserialize(stored.metadata().get()));
    }
    return SelectedSnapshot.create(metadata, serializer.deserialize(stored.snapshot()));
  }
}
