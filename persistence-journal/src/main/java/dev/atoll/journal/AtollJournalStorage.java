package dev.atoll.journal;

import dev.atoll.journal.internal.LogStoreExtension;
import dev.atoll.journal.spi.JournalEvent;
import java.nio.file.Path;
import java.util.List;
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
 * <p>The replication side (a backup node's replica endpoint, catch-up and re-replication in the
 * failover module) stores and reads events here directly, in the form the
 * {@link dev.atoll.journal.spi.Replicator} receives them, without going through Pekko's journal
 * protocol: {@link #append}, {@link #highestSequenceNr} and {@link #replayShard}.
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
   * Stores already serialized events (for example received from a shard's primary) atomically,
   * with the same group commit and sync mode as the journal; the Replicator is not called. The
   * stage completes once they are durable (sync = batch) and fails with a
   * {@link JournalStoreException} if the store cannot tell. The caller is responsible for the
   * order and contiguity of each persistence id's sequence numbers.
   */
  public CompletionStage<Void> append(List<JournalEvent> events) {
    return extension.store().append(events);
  }

  /** The highest sequence number ever stored for {@code persistenceId} (kept after deletes), 0 if none. */
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
