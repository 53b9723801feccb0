package dev.atoll.journal.spi;

import java.util.List;

/**
 * One persistence id's part of {@code AtollJournalStorage.writeTails}: keep the stored events up
 * to and including {@code afterSequenceNr}, drop every later one, and store {@code events} after
 * it. With {@code afterSequenceNr} equal to the stored highest sequence number this is a plain
 * append; lower, it replaces a tail that a newer primary did not write; with no events it only
 * truncates.
 *
 * <p>The value does not check its events (so that a bad one reaches {@code writeTails}, which
 * fails its stage naming the problem); {@code writeTails} requires them to belong to
 * {@code persistenceId} and to be numbered {@code afterSequenceNr + 1, + 2, ...} without gaps.
 *
 * @param persistenceId the persistence id whose log is written
 * @param afterSequenceNr the last stored event to keep, 0 to replace the whole log
 * @param events the events to store after it, ascending and contiguous; may be empty
 * @since 0.1.0
 */
public record TailWrite(String persistenceId, long afterSequenceNr, List<ReplicatedEvent> events) {

  public TailWrite {
    events = List.copyOf(events);
  }

  /** A write of {@code events} after {@code afterSequenceNr} of {@code persistenceId}. */
  public static TailWrite of(
      String persistenceId, long afterSequenceNr, List<ReplicatedEvent> events) {
    return new TailWrite(persistenceId, afterSequenceNr, events);
  }

  /** A pure truncation: drop every event of {@code persistenceId} after {@code afterSequenceNr}. */
  public static TailWrite truncation(String persistenceId, long afterSequenceNr) {
    return new TailWrite(persistenceId, afterSequenceNr, List.of());
  }

  /** The sequence number of the last event of the log once this write is applied. */
  public long lastSequenceNr() {
    return afterSequenceNr + events.size();
  }
}
