package dev.atoll.samples.chaos;

/** The properties Atoll promises, each checked by {@link HistoryChecker}. */
public enum Invariant {
  ACKNOWLEDGED_EVENTS_PRESENT("every acknowledged event is stored"),
  NO_PHANTOM_EVENTS("no stored event was never attempted"),
  CONTIGUOUS_SEQUENCE_NUMBERS("sequence numbers run 1..N with no gap or duplicate"),
  REPLICAS_AGREE("all replicas hold one payload per (persistenceId, sequenceNr)"),
  READS_ARE_MONOTONIC("an event once read is read by every later read"),
  HIGHEST_SEQUENCE_NUMBER_NEVER_DECREASES("the highest sequence number seen never decreases"),
  NO_STALE_EPOCH_WRITES("no write was accepted from an older epoch");

  private final String description;

  Invariant(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
