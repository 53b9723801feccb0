package dev.atoll.journal.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.ReplicationBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Converts between Pekko's {@link PersistentRepr} and the stored {@link JournalEvent}: unwraps
 * {@link Tagged} payloads into tags, serializes payload and metadata, and back for replay.
 */
public final class Events {

  private final PayloadSerializer serializer;

  public Events(PayloadSerializer serializer) {
    this.serializer = serializer;
  }

  public JournalEvent toStored(PersistentRepr repr) throws Exception {
    Object payload = repr.payload();
    List<String> tags = List.of();
    if (payload instanceof Tagged tagged) {
      payload = tagged.payload();
      tags = List.copyOf(CollectionConverters.asJava(tagged.tags()));
    }
    Optional<Object> metadata = Optional.ofNullable(repr.metadata().getOrElse(() -> null));
    return new JournalEvent(
        repr.persistenceId(),
        repr.sequenceNr(),
        repr.writerUuid(),
        repr.manifest(),
        repr.timestamp(),
        serializer.serialize(payload),
        metadata.isPresent() ? Optional.of(serializer.serialize(metadata.get())) : Optional.empty(),
        tags);
  }

  public PersistentRepr toRepr(JournalEvent event) {
    Object payload = serializer.deserialize(event.payload());
    PersistentRepr repr =
        PersistentRepr.apply(
                payload,
                event.sequenceNr(),
                event.persistenceId(),
                event.eventManifest(),
                false,
                null,
                event.writerUuid())
            .withTimestamp(event.timestamp());
    if (event.metadata().isPresent()) {
      repr = repr.withMetadata(serializer.deserialize(event.metadata().get()));
    }
    return repr;
  }

  public Object payloadOf(JournalEvent event) {
    return serializer.deserialize(event.payload());
  }

  public Optional<Object> metadataOf(JournalEvent event) {
    return event.metadata().map(serializer::deserialize);
  }

  /**
   * Groups {@code events} by persistence id, keeping the write order, with each id's shard and
   * epoch (one per persistence id: the journal asks one epoch per shard and write).
   */
  public static ReplicationBatch batchOf(List<ReplicatedEvent> events, LogStore store) {
    Map<String, List<JournalEvent>> byId = new LinkedHashMap<>();
    Map<String, Epoch> epochs = new HashMap<>();
    for (ReplicatedEvent event : events) {
      byId.computeIfAbsent(event.persistenceId(), id -> new ArrayList<>()).add(event.event());
      epochs.putIfAbsent(event.persistenceId(), event.epoch());
    }
    List<ReplicationBatch.PersistenceIdEvents> writes = new ArrayList<>(byId.size());
    byId.forEach(
        (id, list) ->
            writes.add(
                new ReplicationBatch.PersistenceIdEvents(
                    id, store.shardOf(id), list, epochs.get(id))));
    return new ReplicationBatch(writes);
  }
}
