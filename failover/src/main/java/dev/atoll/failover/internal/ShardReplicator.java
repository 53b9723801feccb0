package dev.atoll.failover.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.ReplicationBatch;
import dev.atoll.journal.spi.Replicator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The journal's {@link Replicator} when the failover module is present: the write path of
 * ARCHITECTURE.md. The journal stores a write locally with the shard's epoch ({@link #epochFor}),
 * then hands it here; each shard's part goes to every backup of the shard's replica set, in one
 * message with the other writes of the same group commit ({@link BackupOutboxes}), and the write
 * is acknowledged once the write quorum stored it.
 *
 * <p>Only the established primary of a shard writes: {@link #epochFor} throws otherwise, before
 * anything is stored, and entities of a shard recover only once its epoch is established here
 * ({@link #awaitRecoverable}). Per persistence id, writes reach each backup in order: the journal
 * hands them over on its acknowledgement thread in commit order, each backup's outbox sends them
 * in that order, and one ordered connection carries them.
 */
final class ShardReplicator implements Replicator {

  /** A write for a shard this node does not serve as established primary. */
  static final class NotPrimaryException extends IllegalStateException {
    NotPrimaryException(int shard, String self) {
      super("shard " + shard + ": this node (" + self + ") is not its established primary; the write is refused");
    }
  }

  private final String self;
  private final ShardDirectory directory;
  private final PendingWrites pending;
  private final ActorRef<Wire.ReplicateAnswer> acks;
  private final BackupOutboxes outboxes;

  ShardReplicator(
      String self,
      ShardDirectory directory,
      PendingWrites pending,
      ActorRef<Wire.ReplicateAnswer> acks,
      BackupOutboxes outboxes) {
    this.self = self;
    this.directory = directory;
    this.pending = pending;
    this.acks = acks;
    this.outboxes = outboxes;
  }

  @Override
  public Epoch epochFor(int shard) {
    return directory.established(shard).orElseThrow(() -> new NotPrimaryException(shard, self)).epoch();
  }

  @Override
  public CompletionStage<Void> awaitRecoverable(int shard) {
    return directory.awaitRecoverable(shard);
  }

  @Override
  public CompletionStage<Void> replicate(ReplicationBatch batch) {
    Map<Integer, List<ReplicationBatch.PersistenceIdEvents>> byShard = new LinkedHashMap<>();
    for (ReplicationBatch.PersistenceIdEvents write : batch.writes()) {
      byShard.computeIfAbsent(write.shard(), s -> new ArrayList<>()).add(write);
    }
    List<CompletableFuture<Void>> quorums = new ArrayList<>(byShard.size());
    Map<ActorRef<Wire.ToReplica>, List<Wire.Replicate>> perBackup = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<ReplicationBatch.PersistenceIdEvents>> shardWrites : byShard.entrySet()) {
      quorums.add(replicateShard(shardWrites.getKey(), shardWrites.getValue(), perBackup));
    }
    // Each backup's outbox sends this write's parts with the other writes of the same burst.
    perBackup.forEach(outboxes::send);
    return quorums.size() == 1 ? quorums.get(0) : CompletableFuture.allOf(quorums.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> replicateShard(
      int shard, List<ReplicationBatch.PersistenceIdEvents> writes, Map<ActorRef<Wire.ToReplica>, List<Wire.Replicate>> perBackup) {
    Optional<Established> current = directory.established(shard);
    if (current.isEmpty()) {
      return CompletableFuture.failedFuture(new NotPrimaryException(shard, self));
    }
    Established established = current.get();
    Epoch epoch = established.epoch();
    for (ReplicationBatch.PersistenceIdEvents write : writes) {
      if (!write.epoch().equals(epoch)) {
        // Stored under an epoch this node no longer serves (it changed while the write was queued).
        return CompletableFuture.failedFuture(new PendingWrites.FencedWriteException(shard, write.epoch(), epoch, self));
      }
    }
    List<Wire.PidWrite> pidWrites = new ArrayList<>(writes.size());
    for (ReplicationBatch.PersistenceIdEvents write : writes) {
      List<JournalEvent> events = write.events();
      long after = events.get(0).sequenceNr() - 1;
      List<ReplicatedEvent> stamped = new ArrayList<>(events.size());
      for (JournalEvent event : events) {
        stamped.add(new ReplicatedEvent(event, epoch));
      }
      pidWrites.add(Wire.PidWrite.live(write.persistenceId(), after, established.epochBefore(write.persistenceId(), after), stamped));
      established.wrote(write.persistenceId(), events.get(events.size() - 1).sequenceNr());
    }
    if (established.acksNeeded() == 0) {
      return CompletableFuture.completedFuture(null);
    }
    PendingWrites.Registered registered = pending.register(shard, epoch, established.acksNeeded());
    Wire.Replicate message = new Wire.Replicate(shard, epoch, self, registered.id(), pidWrites, acks);
    for (ActorRef<Wire.ToReplica> backup : established.backups()) {
      perBackup.computeIfAbsent(backup, b -> new ArrayList<>()).add(message);
    }
    return registered.done();
  }
}
