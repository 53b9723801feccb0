package dev.atoll.journal.internal;

import dev.atoll.journal.spi.LogTip;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * What the single writer thread remembers between group commits: the tip (highest sequence number
 * and its epoch) of each recently written persistence id and the last offset of each tag, so a
 * commit does not read them back from RocksDB every time.
 *
 * <p>Invariant: a cached value is one that RocksDB holds durably (or at least visibly). Values
 * decided while building a batch live in {@code pending} until {@link #commit()}, and every later
 * request of the same batch sees them, so a write knows the current tip including writes queued
 * before it; if the write fails, {@link #forget()} drops the pending values <em>and</em> the
 * cache, because a failed write may still have landed and the next commit must re-read the truth
 * rather than reuse a tag offset. Only the writer thread touches this class.
 */
final class WriterState {

  private static final int MAX_CACHED = 100_000;

  private final RocksDB db;
  private final Columns columns;
  private final PersistenceIdShards shards;
  private final Map<String, LogTip> tips = lru();
  private final Map<String, Long> tagHeads = lru();
  private final Map<String, LogTip> pendingTips = new HashMap<>();
  private final Map<String, Long> pendingTagHeads = new HashMap<>();

  WriterState(RocksDB db, Columns columns, PersistenceIdShards shards) {
    this.db = db;
    this.columns = columns;
    this.shards = shards;
  }

  /** The tip of {@code persistenceId} including the batch being built; EMPTY if none. */
  LogTip tip(String persistenceId) throws RocksDBException {
    LogTip pending = pendingTips.get(persistenceId);
    if (pending != null) {
      return pending;
    }
    LogTip cached = tips.get(persistenceId);
    if (cached != null) {
      return cached;
    }
    byte[] stored =
        db.get(columns.tips, Keys.tipKey(shards.shardOf(persistenceId), persistenceId));
    LogTip value = stored == null ? LogTip.EMPTY : RecordCodec.decodeTip(persistenceId, stored);
    tips.put(persistenceId, value);
    return value;
  }

  long highestSequenceNr(String persistenceId) throws RocksDBException {
    return tip(persistenceId).sequenceNr();
  }

  void setTip(String persistenceId, LogTip tip) {
    pendingTips.put(persistenceId, tip);
  }

  /** Reserves the next offset of {@code tag} for an event in the batch being built. */
  long nextTagOffset(String tag) throws RocksDBException {
    Long current = pendingTagHeads.get(tag);
    if (current == null) {
      current = tagHeads.get(tag);
    }
    if (current == null) {
      byte[] stored = db.get(columns.tagHeads, Keys.utf8(tag));
      current = stored == null ? 0L : Keys.readLong(stored);
    }
    long next = current + 1;
    pendingTagHeads.put(tag, next);
    return next;
  }

  /** The batch was written: its decisions become the cached truth. */
  void commit() {
    tips.putAll(pendingTips);
    tagHeads.putAll(pendingTagHeads);
    pendingTips.clear();
    pendingTagHeads.clear();
  }

  /** The batch may or may not have been written: forget everything and re-read next time. */
  void forget() {
    pendingTips.clear();
    pendingTagHeads.clear();
    tips.clear();
    tagHeads.clear();
  }

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_CACHED;
      }
    };
  }
}
