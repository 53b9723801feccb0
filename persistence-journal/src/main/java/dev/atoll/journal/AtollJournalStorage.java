package dev.atoll.journal;

import dev.atoll.journal.internal.LogStoreExtension;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.TailWrite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's embedded journal storage: one RocksDB store per ActorSystem, shared by the journal,
 * the snapshot store and the read journal, opened on first use and closed when the ActorSystem
 * terminates.
 *
 * <p>A node should call {@link #start()} while starting, so that a data directory that is locked
 * by another node, corrupted or unwritable stops the start-up with the path and the cause, instead
 * of failing the first entity that persists.
 *
 * <p>The replication side (a backup node's replica endpoint, catch-up, read repair and
 * re-replication in the failover module) stores and reads events here directly, in the form the
 * {@link dev.atoll.journal.spi.Replicator} receives them, without going through Pekko's journal
 * protocol: {@link #writeTails} and {@link #append} to store, {@link #tips}, {@link #tip},
 * {@link #epochOf}, {@link #read}, {@link #highestSequenceNr} and {@link #replayShard} to read,
 * {@link #putShardState} and {@link #shardStates} for the protocol's own durable state.
 *
 * <p>Every stored event carries the epoch of the primary that wrote it
 * ({@link ReplicatedEvent}); events stored through {@link #append} or by a journal whose
 * Replicator does not assign epochs carry {@link Epoch#NONE}. Values that cross this API are
 * immutable; byte arrays are not copied: an array handed to the store belongs to it from then on
 * and must not be modified, and an array the store returns belongs to the caller.
 *
 * @since 0.1.0
 */
public final class AtollJournalStorage {

  private final LogStoreExtension extension;

  private AtollJournalStorage(LogStoreExtension extension) {
    this.extension = extension;
  }

  /** The journal storage of {@code system}. */
  public static AtollJournalStorage get(ActorSystem<?> system) {
    return new AtollJournalStorage(LogStoreExtension.get(system));
  }

  /** The data directory, from {@code atoll.journal.dir} or {@code <atoll.node.data-dir>/journal}. */
  public Path directory() {
    return extension.settings().store().directory();
  }

  /**
   * Opens the store now if it is not open yet.
   *
   * @throws JournalStoreException naming the directory and the cause if it cannot be opened
   */
  public void start() {
    extension.store();
  }

  /**
   * Stores already serialized events atomically with {@link Epoch#NONE}, with the same group
   * commit and sync mode as the journal; the Replicator is not called. A replica should use
   * {@link #writeTails}, which keeps the epochs and checks contiguity. The
   * stage completes once they are durable (sync = batch) and fails with a
   * {@link JournalStoreException} if the store cannot tell. The caller is responsible for the
   * order and contiguity of each persistence id's sequence numbers.
   */
  public CompletionStage<Void> append(List<JournalEvent> events) {
    return extension.store().append(events);
  }

  /**
   * Stores events written by a shard's primary (or copied from another replica) with their
   * epochs. For each {@link TailWrite}, atomically with all others in the call: deletes every
   * stored event of the persistence id with a sequence number greater than its afterSequenceNr
   * (and its tag-index entries, so eventsByTag no longer returns it), then stores its events
   * (which must be contiguous from afterSequenceNr + 1; none means a pure truncation), and sets
   * the tip and the highest sequence number to the last event (or, with no events, to
   * afterSequenceNr and the epoch of the event stored there: {@link Epoch#NONE} if it was deleted
   * by deleteEventsTo or afterSequenceNr is 0). Several writes of one persistence id in a call
   * apply in order.
   *
   * <p>Fails the stage with an {@link IllegalArgumentException} naming the persistence id, and
   * stores nothing of the call, if an afterSequenceNr is beyond the current highest sequence
   * number (including writes submitted before this one) or the events are not contiguous. Uses
   * the journal's group commit and sync mode, in submission order with every other write. A
   * write right after the current highest sequence number (a backup's usual case) reads nothing
   * from disk; stored events identical to the ones written (same event, same epoch) are kept, so
   * a retried call changes nothing.
   */
  public CompletionStage<Void> writeTails(List<TailWrite> writes) {
    return extension.store().writeTails(writes);
  }

  /** The tip of every persistence id of {@code shard} that has ever stored an event. */
  public Map<String, LogTip> tips(int shard) {
    return extension.store().tips(shard);
  }

  /** The tip of one persistence id ({@link LogTip#EMPTY} if none). */
  public LogTip tip(String persistenceId) {
    return extension.store().tip(persistenceId);
  }

  /**
   * The epoch of the stored event {@code (persistenceId, sequenceNr)}, empty if no such event is
   * stored (never written, truncated, or deleted by deleteEventsTo).
   */
  public Optional<Epoch> epochOf(String persistenceId, long sequenceNr) {
    return extension.store().epochOf(persistenceId, sequenceNr);
  }

  /**
   * Up to {@code max} stored events of {@code persistenceId} from {@code fromSequenceNr} on,
   * ascending, with their epochs. Reads on the calling thread (it blocks on disk reads).
   */
  public List<ReplicatedEvent> read(String persistenceId, long fromSequenceNr, int max) {
    return extension.store().read(persistenceId, fromSequenceNr, max);
  }

  /**
   * Durably stores the replication protocol's state of {@code shard} (opaque bytes, a few hundred
   * bytes each), replacing the previous one. The stage completes once synced, whatever
   * {@code atoll.journal.sync} says: promises must survive a crash. The array belongs to the
   * store once passed: do not modify it afterwards.
   */
  public CompletionStage<Void> putShardState(int shard, byte[] state) {
    return extension.store().putShardState(shard, state);
  }

  /** Every shard's stored state, by shard; the arrays are fresh and belong to the caller. */
  public Map<Integer, byte[]> shardStates() {
    return extension.store().shardStates();
  }

  /**
   * The highest sequence number stored for {@code persistenceId} (kept after deletes, lowered
   * only by a truncating {@link #writeTails}), 0 if none.
   */
  public long highestSequenceNr(String persistenceId) {
    return extension.store().highestSequenceNr(persistenceId);
  }

  /**
   * Calls {@code consumer} with every stored event of {@code shard}, grouped by persistence id and
   * in sequence order, on the calling thread (it blocks on disk reads).
   */
  public void replayShard(int shard, Consumer<JournalEvent> consumer) {
    extension.store().replayShard(shard, consumer);
  }

  /** The shard of {@code persistenceId}, as the journal and the Replicator see it. */
  public int shardOf(String persistenceId) {
    return extension.store().shardOf(persistenceId);
  }
}
