package dev.atoll.journal.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * What a read of the store sees: either the latest state, or a RocksDB snapshot of the state up to
 * the last synced group commit, so that no reader ever sees an event whose fsync has not succeeded
 * (see {@link ReadViews}). Counted references keep the snapshot alive while any reader uses it;
 * the last one to let go releases it.
 */
final class ReadView {

  private final RocksDB db;
  private final Snapshot snapshot; // null: the latest state
  private final ReadOptions options;
  private final AtomicInteger holders = new AtomicInteger(1); // the 1 is ReadViews' own reference

  private ReadView(RocksDB db, Snapshot snapshot) {
    this.db = db;
    this.snapshot = snapshot;
    this.options = snapshot == null ? new ReadOptions() : new ReadOptions().setSnapshot(snapshot);
  }

  static ReadView latest(RocksDB db) {
    return new ReadView(db, null);
  }

  static ReadView at(RocksDB db, Snapshot snapshot) {
    return new ReadView(db, snapshot);
  }

  /**
   * Options that read this view; shared by every reader of the view, so nobody may change them.
   * Valid while the caller holds the view.
   */
  ReadOptions options() {
    return options;
  }

  /** Fresh options that read this view and stop at {@code upperBound}; the caller closes them. */
  ReadOptions optionsUpTo(Slice upperBound) {
    ReadOptions bounded = new ReadOptions().setIterateUpperBound(upperBound);
    return snapshot == null ? bounded : bounded.setSnapshot(snapshot);
  }

  /** Takes a reference, unless the view was already let go by everyone (then use a newer one). */
  boolean tryHold() {
    while (true) {
      int current = holders.get();
      if (current == 0) {
        return false;
      }
      if (holders.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one releases the snapshot. */
  void letGo() {
    if (holders.decrementAndGet() == 0) {
      options.close();
      if (snapshot != null) {
        db.releaseSnapshot(snapshot);
      }
    }
  }
}
