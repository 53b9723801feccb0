package dev.atoll.journal.internal;

import dev.atoll.journal.spi.LogTip;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The puts and deletes that keep an event, its tag-index entries and its persistence id's tip
 * consistent, shared by every mutation that writes events. Runs on the writer thread only.
 */
final class StoreWrites {

  private final Columns columns;

  StoreWrites(Columns columns) {
    this.columns = columns;
  }

  /** Stores {@code event} and indexes it under the next offset of each of its tags. */
  void putEvent(WriteBatch batch, WriterState state, EncodedEvent event) throws RocksDBException {
    List<String> tags = event.tags();
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      long offset = state.nextTagOffset(tag);
      RecordCodec.setTagOffset(event.value(), tags.size(), i, offset);
      batch.put(columns.tags, Keys.tagKey(tag, offset), event.key());
      batch.put(columns.tagHeads, Keys.utf8(tag), Keys.longValue(offset));
    }
    // after the offsets are in the value: the batch copies the bytes now
    batch.put(columns.events, event.key(), event.value());
  }

  /**
   * Deletes a stored event and the tag-index entries recorded in it. An event stored before the
   * store recorded tag offsets leaves its entries, which tag queries recognise as stale.
   */
  void deleteEvent(WriteBatch batch, int shard, StoredEvent stored) throws RocksDBException {
    String persistenceId = stored.event().persistenceId();
    long[] offsets = stored.tagOffsets();
    if (offsets != null) {
      List<String> tags = stored.event().tags();
      for (int i = 0; i < offsets.length; i++) {
        batch.delete(columns.tags, Keys.tagKey(tags.get(i), offsets[i]));
      }
    }
    batch.delete(
        columns.events, Keys.eventKey(shard, persistenceId, stored.event().sequenceNr()));
  }

  /**
   * Records {@code tip} as the tip (the highest sequence number, with its epoch) of
   * {@code persistenceId}, and enters the id in the persistence-id index on its first write. The
   * index is written only then, not on every write: each put is one more memtable insert on the
   * writer thread, the journal's serial step.
   */
  void putTip(WriteBatch batch, WriterState state, int shard, String persistenceId, LogTip tip)
      throws RocksDBException {
    if (state.tip(persistenceId).sequenceNr() == 0) {
      batch.put(columns.highest, Keys.utf8(persistenceId), Keys.PERSISTENCE_ID_INDEX_VALUE);
    }
    state.setTip(persistenceId, tip);
    batch.put(columns.tips, Keys.tipKey(shard, persistenceId), RecordCodec.encodeTip(tip));
  }
}
