package dev.atoll.journal.spi;

/**
 * A stored event together with the epoch of the primary that wrote it. A copy on another replica
 * keeps the original epoch, so {@code (persistenceId, sequenceNr, epoch)} identifies one write of
 * one primary: only the primary of an epoch creates events of that epoch, and never two with the
 * same sequence number. Events written without a replication protocol carry {@link Epoch#NONE}.
 *
 * @param event the event, with its persistence id and sequence number
 * @param epoch the epoch of the primary that wrote it
 * @since 0.1.0
 */
public record ReplicatedEvent(JournalEvent event, Epoch epoch) {

  /** The event's persistence id. */
  public String persistenceId() {
    return event.persistenceId();
  }

  /** The event's sequence number. */
  public long sequenceNr() {
    return event.sequenceNr();
  }
}
