package dev.atoll.journal.internal;

import java.util.concurrent.atomic.AtomicReference;
import org.rocksdb.RocksDB;
import org.rocksdb.Snapshot;

/**
 * The view every reader of the store gets. With sync = batch the writer applies a group commit
 * before its fsync (so the fsync can overlap the next commit) and the commit is visible in the
 * database from then on; readers must not see it until the fsync succeeded, or a replay or a query
 * could show an event that a failed fsync then loses. So the writer takes a snapshot right after
 * each commit, and once the commit is synced the syncer {@linkplain #publish publishes} it here,
 * before any of the commit's requests is acknowledged: an acknowledged write is always visible,
 * an unsynced one never. With the other sync modes nothing is published and readers see the
 * latest state, as those modes acknowledge before the fsync anyway.
 *
 * <p>Views are published in commit order by one thread, so what readers see only moves forward.
 */
final class ReadViews {

  private final AtomicReference<ReadView> current;

  ReadViews(RocksDB db) {
    this.current = new AtomicReference<>(ReadView.latest(db));
  }

  /** The current view, held for the caller, who must {@link ReadView#letGo() let it go}. */
  ReadView hold() {
    while (true) {
      ReadView view = current.get();
      if (view.tryHold()) {
        return view;
      }
    }
  }

  /** Makes {@code snapshot} (of a synced commit) what readers see from now on. */
  void publish(RocksDB db, Snapshot snapshot) {
    current.getAndSet(ReadView.at(db, snapshot)).letGo();
  }

  /** Readers see the latest state of {@code db} from now on: it was just (re)opened. */
  void reset(RocksDB db) {
    current.getAndSet(ReadView.latest(db)).letGo();
  }

  /**
   * Releases the current view's snapshot before its database closes. The caller excludes readers
   * (the store's guard) and has the syncer idle, so nobody holds a view of that database.
   */
  void release() {
    current.getAndSet(ReadView.latest(null)).letGo();
  }
}
