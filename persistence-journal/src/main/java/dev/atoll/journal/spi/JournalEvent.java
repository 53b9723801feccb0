package dev.atoll.journal.spi;

import java.util.List;
import java.util.Optional;

/**
 * One event as the journal stores and replicates it: everything Pekko's {@code PersistentRepr}
 * carries that must survive a restart (the sender does not), with the payload already serialized,
 * so a replica can store it without knowing the event's class.
 *
 * @param persistenceId the entity's persistence id, usually {@code Type|entityId}
 * @param sequenceNr the event's sequence number within the persistence id, from 1
 * @param writerUuid the id of the persistent actor incarnation that wrote it
 * @param eventManifest the event adapter manifest ({@code PersistentRepr.manifest}, "" if none)
 * @param timestamp the event's timestamp in epoch milliseconds as given by the writer (0 if none)
 * @param payload the serialized event
 * @param metadata the serialized event metadata, if any
 * @param tags the tags the event is indexed under for eventsByTag
 * @since 0.1.0
 */
public record JournalEvent(
    String persistenceId,
    long sequenceNr,
    String writerUuid,
    String eventManifest,
    long timestamp,
    SerializedObject payload,
    Optional<SerializedObject> metadata,
    List<String> tags) {

  public JournalEvent {
    tags = List.copyOf(tags);
  }
}
