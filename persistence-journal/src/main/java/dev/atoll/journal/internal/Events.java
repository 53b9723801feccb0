package dev.atoll.journal.internal;

import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicationBatch;
import java.util.ArrayList;
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

  /** Groups {@code events} by persistence id, keeping the write order, with each id's shard. */
  public static ReplicationBatch batchOf(List<JournalEvent> events, LogStore store) {
    Map<String, List<JournalEvent>> byId = new LinkedHashMap<>();
    for (JournalEvent event : events) {
      byId.computeIfAbsent(event.persistenceId(), id -> new ArrayList<>()).add(event);
    }
    List<ReplicationBatch.PersistenceIdEvents> writes = new ArrayList<>(byId.size());
    byId.forEach(
        (id, list) ->
            writes.add(new ReplicationBatch.PersistenceIdEvents(id, store.shardOf(id), list)));
    return new ReplicationBatch(writes);
  }
}
