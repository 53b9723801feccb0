package dev.atoll.journal.internal;

import dev.atoll.journal.spi.SerializedObject;
import java.util.Optional;

/**
 * One snapshot as the {@link LogStore} keeps it.
 *
 * @param persistenceId the entity's persistence id
 * @param sequenceNr the sequence number of the last event the snapshot includes
 * @param timestamp when the snapshot was taken, epoch milliseconds
 * @param snapshot the serialized snapshot
 * @param metadata the serialized snapshot metadata, if any
 */
public record StoredSnapshot(
    String persistenceId,
    long sequenceNr,
    long timestamp,
    SerializedObject snapshot,
    Optional<SerializedObject> metadata) {}
