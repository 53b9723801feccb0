package dev.atoll.journal.internal;

import static dev.atoll.journal.internal.TestEvents.event;
import static dev.atoll.journal.internal.TestEvents.events;
import static dev.atoll.journal.internal.TestEvents.replaySequenceNrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.journal.JournalStoreException;
import dev.atoll.journal.TestDirectories;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * With sync = batch the writer applies a commit and goes on while the syncer fsyncs it: readers
 * must not see a commit before its fsync succeeded, a failed fsync fails its writes, and the store
 * then reopens and takes writes again.
 */
class OverlappedSyncTest {

  private static final String PID = "Account|a";

  private Path directory;
  private LogStore store;
  private final GatedSync sync = new GatedSync();

  @BeforeEach
  void open() {
    directory = TestDirectories.fresh("overlapped-sync");
    store = LogStore.open(LogStoreSettings.of(directory), sync);
  }

  @AfterEach
  void close() {
    sync.open();
    store.close();
    TestDirectories.delete(directory);
  }

  @Test
  void aCommitIsInvisibleToReadersUntilItsSyncSucceedsWhileTheWriterGoesOn() throws Exception {
    store.append(events(PID, 1, 1)).join();

    sync.close();
    CompletableFuture<Void> second = store.append(List.of(event(PID, 2, "blue")));
    sync.awaitSyncing();
    // the commit is applied (the syncer is syncing it), not yet synced
    assertThat(second).isNotDone();
    assertThat(store.highestSequenceNr(PID)).isEqualTo(1);
    assertThat(replaySequenceNrs(store, PID)).containsExactly(1L);
    assertThat(store.tagHead("blue")).isZero();

    // the writer applies the next commit while the fsync of the previous one is still running
    CountDownLatch applied = new CountDownLatch(1);
    CompletableFuture<Void> third = store.submit((batch, state) -> applied.countDown());
    assertThat(applied.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(third).isNotDone();

    sync.open();
    second.get(10, TimeUnit.SECONDS);
    third.get(10, TimeUnit.SECONDS);
    assertThat(store.highestSequenceNr(PID)).isEqualTo(2);
    assertThat(replaySequenceNrs(store, PID)).containsExactly(1L, 2L);
    assertThat(store.eventsByTag("blue", 0, Long.MAX_VALUE, 10)).hasSize(1);
  }

  @Test
  void aFailedSyncFailsItsWritesAndTheStoreReopensForTheNext() throws Exception {
    store.append(events(PID, 1, 2)).join();

    sync.failNext();
    assertThatThrownBy(() -> store.append(events(PID, 3, 3)).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining("Syncing the journal's write-ahead log at " + directory)
        .hasMessageContaining("may or may not be stored");

    // the failed write may or may not have landed; what was acknowledged is there, and the store
    // takes the next write on a reopened database
    long highest = store.highestSequenceNr(PID);
    assertThat(highest).isBetween(2L, 3L);
    store.append(events(PID, highest + 1, highest + 1)).get(10, TimeUnit.SECONDS);
    assertThat(replaySequenceNrs(store, PID)).startsWith(1L, 2L).endsWith(highest + 1).doesNotHaveDuplicates();
    assertThat(sync.databases()).isEqualTo(2);
  }

  /** Syncs the log for real, but can hold a sync until opened, or fail the next one. */
  private static final class GatedSync implements WalSyncer.LogSync {

    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch syncing = new CountDownLatch(1);
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final AtomicInteger databases = new AtomicInteger();
    private volatile RocksDB lastDb;

    @Override
    public void sync(RocksDB db) throws RocksDBException {
      if (db != lastDb) {
        lastDb = db;
        databases.incrementAndGet();
      }
      syncing.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failNext.getAndSet(false)) {
        throw new RocksDBException("injected fsync failure");
      }
      db.syncWal();
    }

    void close() {
      syncing = new CountDownLatch(1);
      gate = new CountDownLatch(1);
    }

    void open() {
      gate.countDown();
    }

    void awaitSyncing() throws InterruptedException {
      assertThat(syncing.await(10, TimeUnit.SECONDS)).as("a sync started").isTrue();
    }

    void failNext() {
      failNext.set(true);
    }

    /** How many databases were synced: 2 once the store reopened. */
    int databases() {
      return databases.get();
    }
  }
}
