package dev.atoll.journal.internal;

import dev.atoll.journal.JournalStoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second stage of a group commit with sync = batch: fsyncs the write-ahead log behind the
 * writer thread, so that the fsync of one commit overlaps the building and applying of the next,
 * and acknowledges each commit once a sync that began after it was applied has succeeded.
 *
 * <p>The writer hands over every commit in order, including those that wrote nothing (all their
 * requests rejected) or failed, so that acknowledgements stay in commit order. One fsync covers
 * every commit handed over before it began. When it succeeds, the newest commit's snapshot becomes
 * what readers see ({@link ReadViews}) and then the commits are acknowledged; when it fails, every
 * commit it covered fails, and so does every later commit to the same database, since a failed
 * fsync may have dropped pages that a later, successful one would not write again: the writer
 * reopens the database (see {@link #hasFailed}) and starts a new write-ahead log.
 */
final class WalSyncer {

  private static final Logger LOG = LoggerFactory.getLogger(WalSyncer.class);

  /**
   * One commit for the syncer: the database it was applied to and the snapshot taken right after
   * (null if it wrote nothing), the failure it already has (null if none), and how to complete its
   * requests, given null for success or the cause.
   */
  record Written(
      RocksDB db, Snapshot snapshot, JournalStoreException failure, Consumer<JournalStoreException> acknowledge) {}

  private static final Written STOP = new Written(null, null, null, failure -> {});

  /** How the log is synced: {@code RocksDB::syncWal}; tests put a gate or a failure in between. */
  interface LogSync {
    void sync(RocksDB db) throws RocksDBException;
  }

  private final Path directory;
  private final ReadViews views;
  private final LogSync logSync;
  private final BlockingQueue<Written> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  // the database whose fsync failed and its failure; written by the syncer thread only
  private volatile RocksDB failedDb;
  private volatile JournalStoreException syncFailure;
  // set if the thread stopped unexpectedly: everything handed over from then on fails with it
  private volatile JournalStoreException stopped;

  WalSyncer(Path directory, ReadViews views, LogSync logSync) {
    this.directory = directory;
    this.views = views;
    this.logSync = logSync;
    this.thread = new Thread(this::run, "atoll-journal-sync[" + directory.getFileName() + "]");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  void handOver(Written written) {
    queue.add(written);
    if (stopped != null) {
      failQueued(); // nobody else will take it
    }
  }

  /** Whether an fsync of {@code db}'s log failed: it must then be reopened before the next write. */
  boolean hasFailed(RocksDB db) {
    return db != null && db == failedDb;
  }

  /** Completes once everything handed over so far is synced or failed, and acknowledged. */
  CompletableFuture<Void> drained() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    handOver(new Written(null, null, null, failure -> done.complete(null)));
    return done;
  }

  /** Syncs and acknowledges what was handed over, then stops the thread. */
  void stop() {
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Written> round = new ArrayList<>();
    try {
      while (true) {
        round.add(queue.take());
        queue.drainTo(round);
        boolean stop = round.remove(STOP);
        syncAndAcknowledge(round);
        round.clear();
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("Journal syncer for {} stopped unexpectedly", directory, e);
      stopped =
          new JournalStoreException(
              directory, "The journal's syncer at " + directory + " stopped unexpectedly: " + e, e);
      round.forEach(written -> written.acknowledge().accept(stopped));
      failQueued();
    }
  }

  /** After an unexpected stop: fails whatever is queued (each item is taken once). */
  private void failQueued() {
    Written written;
    while ((written = queue.poll()) != null) {
      if (written.snapshot() != null) {
        written.db().releaseSnapshot(written.snapshot());
      }
      if (written != STOP) {
        written.acknowledge().accept(stopped);
      }
    }
  }

  private void syncAndAcknowledge(List<Written> round) {
    RocksDB toSync = null;
    for (Written written : round) {
      if (written.snapshot() != null && written.db() != failedDb) {
        toSync = written.db();
      }
    }
    if (toSync != null) {
      try {
        logSync.sync(toSync);
      } catch (RocksDBException e) {
        syncFailure = syncFailed(e);
        failedDb = toSync;
        LOG.error("Syncing the journal's write-ahead log at {} failed: {}", directory, LogStore.describe(e));
      }
    }
    Written newestSynced = null;
    for (Written written : round) {
      if (written.snapshot() == null) {
        continue;
      }
      if (written.db() == failedDb) {
        written.db().releaseSnapshot(written.snapshot());
      } else {
        if (newestSynced != null) {
          newestSynced.db().releaseSnapshot(newestSynced.snapshot());
        }
        newestSynced = written;
      }
    }
    if (newestSynced != null) {
      views.publish(newestSynced.db(), newestSynced.snapshot());
    }
    for (Written written : round) {
      JournalStoreException cause = written.failure();
      if (cause == null && written.snapshot() != null && written.db() == failedDb) {
        cause = syncFailure;
      }
      written.acknowledge().accept(cause);
    }
  }

  private JournalStoreException syncFailed(RocksDBException cause) {
    return new JournalStoreException(
        directory,
        "Syncing the journal's write-ahead log at " + directory + " failed (" + LogStore.describe(cause)
            + "). The events of this write may or may not be stored; the persist is failed so "
            + "that nothing unconfirmed is acknowledged.",
        cause);
  }
}
