package dev.atoll.samples.chaos;

import dev.atoll.journal.spi.Epoch;
import java.util.List;
import java.util.Map;

/**
 * What one surviving node holds after a run: for each persistence id, its stored events in the
 * order its journal replays them, and every write it accepted with the epochs involved.
 *
 * @param node the node's name (for reports)
 * @param events per persistence id, the stored events in replay order
 * @param acceptedWrites every replicated write this node accepted, for the epoch check
 */
public record ReplicaDump(String node, Map<String, List<StoredEvent>> events, List<AcceptedWrite> acceptedWrites) {

  public ReplicaDump {
    events = Map.copyOf(events);
    acceptedWrites = List.copyOf(acceptedWrites);
  }

  /** One stored event: its sequence number and the unique value the client wrote. */
  public record StoredEvent(long sequenceNr, String value) {}

  /**
   * A write the node accepted for a shard: the epoch the write carried and the highest epoch the
   * node had promised for that shard at that moment. Safe only if {@code writeEpoch >= promised}.
   */
  public record AcceptedWrite(
      int shard, String persistenceId, long sequenceNr, Epoch writeEpoch, Epoch promisedEpoch) {}
}
