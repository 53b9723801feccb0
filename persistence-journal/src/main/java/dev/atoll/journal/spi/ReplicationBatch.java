package dev.atoll.journal.spi;

import java.util.List;

/**
 * The events of one journal write, as the local store committed them, grouped by persistence id in
 * the order they were written, each group with the shard its persistence id belongs to and the
 * epoch the events were stored with.
 *
 * @param writes one entry per persistence id of the write
 * @since 0.1.0
 */
public record ReplicationBatch(List<PersistenceIdEvents> writes) {

  public ReplicationBatch {
    writes = List.copyOf(writes);
  }

  /**
   * The events of one persistence id in a batch, in ascending sequence number order with no gaps.
   *
   * @param persistenceId the persistence id, usually {@code Type|entityId}
   * @param shard the shard of the entity id part of the persistence id (the whole id if it has no
   *     {@code '|'}), from {@code dev.atoll.framework.ShardFunction} with
   *     {@code atoll.sharding.number-of-shards}
   * @param events the events, ascending and contiguous
   * @param epoch the epoch the local store stored them with: what {@link Replicator#epochFor}
   *     answered for {@code shard} when the write was prepared
   */
  public record PersistenceIdEvents(
      String persistenceId, int shard, List<JournalEvent> events, Epoch epoch) {

    public PersistenceIdEvents {
      events = List.copyOf(events);
    }

    /** Events stored without an epoch ({@link Epoch#NONE}). */
    public PersistenceIdEvents(String persistenceId, int shard, List<JournalEvent> events) {
      this(persistenceId, shard, events, Epoch.NONE);
    }

    /** The events with their epoch, as a replica stores them. */
    public List<ReplicatedEvent> replicatedEvents() {
      return events.stream().map(event -> new ReplicatedEvent(event, epoch)).toList();
    }
  }
}
