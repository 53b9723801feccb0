package dev.atoll.journal.internal;

import dev.atoll.journal.JournalStoreException;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store written by an earlier release up to the current {@link Keys#LAYOUT_VERSION}
 * when it is opened, before any write. A store from before tips existed (version 1) gets a tip
 * for every persistence id it has ever written (its highest sequence number, with the epoch of
 * the event stored there, which for such a store is always {@link Epoch#NONE}). Events keep their
 * old value format, which the codec still reads. From version 2 to 3 nothing is rewritten: the
 * tips already hold every highest sequence number, and version 3 only stops updating the
 * {@code highest} column's values; the new version number keeps a version-2 release, which
 * would read those stale values, from opening the store.
 *
 * <p>Safe to interrupt: the tips are derived from the highest column, so a crash halfway simply
 * repeats the upgrade at the next open; the version key is written last, with the final tips.
 * A store written by a newer release (a higher version) is refused rather than misread.
 */
final class LayoutUpgrade {

  private static final Logger LOG = LoggerFactory.getLogger(LayoutUpgrade.class);
  private static final int TIPS_PER_BATCH = 10_000;

  private LayoutUpgrade() {}

  static void run(RocksDB db, Columns columns, PersistenceIdShards shards, Path directory)
      throws RocksDBException {
    byte[] stored = db.get(columns.defaultColumn, Keys.LAYOUT_KEY);
    int version = stored == null ? 1 : ByteBuffer.wrap(stored).getInt();
    if (version == Keys.LAYOUT_VERSION) {
      return;
    }
    if (version > Keys.LAYOUT_VERSION) {
      throw new JournalStoreException(
          directory,
          "The journal at " + directory + " has layout version " + version + ", written by a "
              + "newer release; this release reads up to version " + Keys.LAYOUT_VERSION
              + ". Refusing to start rather than misread it.");
    }
    long upgraded = 0;
    try (WriteOptions synced = new WriteOptions().setSync(true);
        WriteBatch batch = new WriteBatch()) {
      if (version < 2) {
        upgraded = recordTips(db, columns, shards, synced, batch);
      }
      batch.put(
          columns.defaultColumn,
          Keys.LAYOUT_KEY,
          ByteBuffer.allocate(4).putInt(Keys.LAYOUT_VERSION).array());
      db.write(synced, batch);
    }
    if (upgraded > 0 || stored != null) { // a new, empty store has nothing to tell
      LOG.info(
          "Upgraded the journal at {} from layout version {} to {}{}",
          directory, version, Keys.LAYOUT_VERSION,
          upgraded > 0 ? ": recorded the tips of " + upgraded + " persistence ids" : "");
    }
  }

  /**
   * Version 1 to 2: a tip for every persistence id, from its highest sequence number (which the
   * {@code highest} column still held then). Leaves the last partial batch in {@code batch} for
   * the caller's final write; returns how many tips it recorded.
   */
  private static long recordTips(
      RocksDB db, Columns columns, PersistenceIdShards shards, WriteOptions synced, WriteBatch batch)
      throws RocksDBException {
    long recorded = 0;
    try (RocksIterator it = db.newIterator(columns.highest)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String persistenceId = new String(it.key(), StandardCharsets.UTF_8);
        long highest = Keys.readLong(it.value());
        int shard = shards.shardOf(persistenceId);
        byte[] event = db.get(columns.events, Keys.eventKey(shard, persistenceId, highest));
        Epoch epoch =
            event == null ? Epoch.NONE : RecordCodec.decodeEpoch(persistenceId, highest, event);
        batch.put(
            columns.tips,
            Keys.tipKey(shard, persistenceId),
            RecordCodec.encodeTip(new LogTip(highest, epoch)));
        if (++recorded % TIPS_PER_BATCH == 0) {
          db.write(synced, batch);
          batch.clear();
        }
      }
      it.status();
    }
    return recorded;
  }
}
