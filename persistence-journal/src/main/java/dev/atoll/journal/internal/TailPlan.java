package dev.atoll.journal.internal;

import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.TailWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code writeTails} call does to one persistence id, checked and merged on the caller's
 * thread: keep the stored events up to {@code afterSequenceNr}, store {@code events} after it.
 * Several TailWrites of one persistence id in a call are folded into one plan with the same
 * result as applying them in order, so the writer thread never has to read back what the same
 * call wrote.
 *
 * <p>Invariant: {@code events} are numbered {@code afterSequenceNr + 1, + 2, ...} and belong to
 * {@code persistenceId}. {@code requiredHighest} is the first TailWrite's afterSequenceNr: the
 * call is valid only if the stored highest sequence number is at least that (the later writes
 * were checked against the earlier ones here).
 */
record TailPlan(
    String persistenceId,
    long afterSequenceNr,
    long requiredHighest,
    List<ReplicatedEvent> events) {

  /**
   * The plans of {@code writes}, one per persistence id in first-appearance order.
   *
   * @throws IllegalArgumentException naming the persistence id and the sequence numbers if a
   *     write's events are not its own, not contiguous from its afterSequenceNr + 1, or a write
   *     skips past the end of an earlier write of the same call
   */
  static List<TailPlan> of(List<TailWrite> writes) {
    Map<String, TailPlan> plans = new LinkedHashMap<>();
    for (TailWrite write : writes) {
      check(write);
      TailPlan earlier = plans.get(write.persistenceId());
      plans.put(
          write.persistenceId(),
          earlier == null
              ? new TailPlan(
                  write.persistenceId(),
                  write.afterSequenceNr(),
                  write.afterSequenceNr(),
                  write.events())
              : earlier.followedBy(write));
    }
    return List.copyOf(plans.values());
  }

  long lastSequenceNr() {
    return afterSequenceNr + events.size();
  }

  private TailPlan followedBy(TailWrite next) {
    long after = next.afterSequenceNr();
    if (after > lastSequenceNr()) {
      throw new IllegalArgumentException(
          "TailWrite of " + persistenceId + " after sequence number " + after + " leaves a gap: "
              + "an earlier TailWrite of the same call ends at " + lastSequenceNr());
    }
    if (after < afterSequenceNr) {
      return new TailPlan(persistenceId, after, requiredHighest, next.events());
    }
    List<ReplicatedEvent> merged =
        new ArrayList<>(events.subList(0, (int) (after - afterSequenceNr)));
    merged.addAll(next.events());
    return new TailPlan(persistenceId, afterSequenceNr, requiredHighest, List.copyOf(merged));
  }

  private static void check(TailWrite write) {
    String persistenceId = write.persistenceId();
    if (write.afterSequenceNr() < 0) {
      throw new IllegalArgumentException(
          "TailWrite of " + persistenceId + ": afterSequenceNr " + write.afterSequenceNr()
              + " is negative");
    }
    long expected = write.afterSequenceNr() + 1;
    for (ReplicatedEvent event : write.events()) {
      if (!event.persistenceId().equals(persistenceId)) {
        throw new IllegalArgumentException(
            "TailWrite of " + persistenceId + " holds an event of " + event.persistenceId()
                + " (#" + event.sequenceNr() + ")");
      }
      if (event.sequenceNr() != expected) {
        throw new IllegalArgumentException(
            "TailWrite of " + persistenceId + " after sequence number " + write.afterSequenceNr()
                + " is not contiguous: found #" + event.sequenceNr() + " where #" + expected
                + " belongs (events must be numbered from afterSequenceNr + 1 without gaps)");
      }
      expected++;
    }
  }
}
