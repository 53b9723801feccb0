package dev.atoll.failover.internal;

import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.TailWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the tail writes a backup stores for one burst of replicated writes into as few {@code
 * writeTails} calls as keep their meaning. One call plans every persistence id against the tip it
 * had before the call, so it must name each persistence id once: a later write of an id already
 * in the call is merged into the earlier one when it continues it (the next events of the same
 * entity, the usual case under load), and otherwise starts the next call, which the journal
 * applies after this one.
 */
final class TailBatches {

  private TailBatches() {}

  /** {@code writes}, in order, as calls that each name a persistence id at most once. */
  static List<List<TailWrite>> of(List<TailWrite> writes) {
    List<List<TailWrite>> calls = new ArrayList<>();
    List<TailWrite> call = new ArrayList<>();
    Map<String, Integer> indexInCall = new HashMap<>();
    for (TailWrite write : writes) {
      Integer index = indexInCall.get(write.persistenceId());
      if (index == null) {
        indexInCall.put(write.persistenceId(), call.size());
        call.add(write);
      } else if (call.get(index).lastSequenceNr() == write.afterSequenceNr()) {
        call.set(index, continued(call.get(index), write));
      } else {
        calls.add(call);
        call = new ArrayList<>();
        indexInCall.clear();
        indexInCall.put(write.persistenceId(), 0);
        call.add(write);
      }
    }
    if (!call.isEmpty()) {
      calls.add(call);
    }
    return calls;
  }

  /**
   * {@code earlier} followed by {@code later}, which starts right after earlier's last event: one
   * write that keeps what earlier keeps and stores both writes' events. (A later write without
   * events truncates nothing then: earlier already dropped everything after its own events.)
   */
  private static TailWrite continued(TailWrite earlier, TailWrite later) {
    List<ReplicatedEvent> events = new ArrayList<>(earlier.events().size() + later.events().size());
    events.addAll(earlier.events());
    events.addAll(later.events());
    return new TailWrite(earlier.persistenceId(), earlier.afterSequenceNr(), events);
  }
}
