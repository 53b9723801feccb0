package dev.atoll.journal.internal;

import dev.atoll.journal.JournalStoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the one thread that writes to RocksDB. Callers enqueue {@link Mutation}s from any
 * thread; the writer takes whatever is queued (up to a limit), puts it all into one
 * {@link WriteBatch} and applies it. With sync = batch it then hands the commit to the
 * {@link WalSyncer}, which fsyncs the log and only then completes the commit's requests, while
 * the writer goes on with the next commit: under load many requests share one fsync, which is
 * where the throughput comes from, and the fsync overlaps the next commit's memtable inserts
 * instead of adding to them. With a single request in flight it costs one fsync, as it must.
 * Readers do not see a commit before its fsync succeeded ({@link ReadViews}).
 *
 * <p>Acknowledgements (completing the futures) run on a further thread, in commit order, so the
 * callbacks they trigger never delay the next commit or fsync. With sync = interval the writer
 * fsyncs the log every sync-interval; with sync = off it never does.
 *
 * <p>Invariants: requests are applied in the order they were enqueued, and their futures complete in
 * that order; a request's future completes normally only after the batch holding it was written
 * (and synced, in batch mode or if the request {@linkplain Mutation#mustSync() must sync}); if the
 * write or its fsync fails, every request of the batch fails, because RocksDB may or may not have
 * applied it;
 * a request its mutation {@linkplain Mutation.Rejected rejects} fails alone and changes nothing.
 *
 * <p>A write that fails with an I/O error (a full disk) leaves RocksDB refusing every later write;
 * the writer then has the store reopen the database before its next commit, and keeps trying on
 * each commit until it opens, so that writes resume by themselves once the cause is gone.
 */
final class GroupCommitWriter {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

  private record Request(Mutation mutation, CompletableFuture<Void> done) {}

  private static final Request STOP = new Request((batch, state) -> {}, new CompletableFuture<>());

  /** Reopens the database after a write error; throws while it cannot be opened. */
  interface Reopener {
    Reopened reopen() throws RocksDBException;
  }

  /** The reopened database and its column handles. */
  record Reopened(RocksDB db, Columns columns) {}

  // db and state change only on the writer thread, when the store is reopened.
  private RocksDB db;
  private final Path directory;
  private WriterState state;
  private final PersistenceIdShards shards;
  private final Reopener reopener;
  private boolean mustReopen;
  private final WriteOptions writeOptions;
  private final WriteOptions syncedWriteOptions;
  private final SyncMode syncMode;
  private final long syncIntervalNanos;
  private final int maxRequestsPerCommit;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final WalSyncer syncer; // null unless sync = batch
  private final ExecutorService completer;
  private volatile boolean stopping;
  private long nextSyncAt;
  private final AtomicLong commits = new AtomicLong();

  GroupCommitWriter(
      RocksDB db,
      Columns columns,
      LogStoreSettings settings,
      PersistenceIdShards shards,
      ReadViews views,
      WalSyncer.LogSync logSync,
      Reopener reopener) {
    this.db = db;
    this.directory = settings.directory();
    this.state = new WriterState(db, columns, shards);
    this.shards = shards;
    this.reopener = reopener;
    this.syncMode = settings.syncMode();
    this.syncIntervalNanos = settings.syncInterval().toNanos();
    this.maxRequestsPerCommit = settings.maxRequestsPerCommit();
    // with sync = batch the syncer fsyncs behind the writer, so no write syncs by itself
    this.writeOptions = new WriteOptions().setSync(false);
    this.syncedWriteOptions = new WriteOptions().setSync(true);
    this.syncer = syncMode == SyncMode.BATCH ? new WalSyncer(directory, views, logSync) : null;
    this.completer =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread t = new Thread(runnable, "atoll-journal-acks[" + directory.getFileName() + "]");
              t.setDaemon(true);
              return t;
            });
    this.thread = new Thread(this::run, "atoll-journal-writer[" + directory.getFileName() + "]");
    this.thread.setDaemon(true);
    this.nextSyncAt = System.nanoTime() + syncIntervalNanos;
    this.thread.start();
  }

  CompletableFuture<Void> submit(Mutation mutation) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Checking and enqueueing under one lock with stop() guarantees nothing is enqueued after the
    // STOP marker, so every accepted request is either committed or failed, never left hanging.
    synchronized (queue) {
      if (!stopping) {
        queue.add(new Request(mutation, done));
        return done;
      }
    }
    done.completeExceptionally(closed());
    return done;
  }

  /** How many batches were written so far (each is one RocksDB write, one fsync in batch mode). */
  long commits() {
    return commits.get();
  }

  /** Stops accepting requests, commits what was already queued, and waits for the thread. */
  void stop() {
    synchronized (queue) {
      stopping = true;
      queue.add(STOP);
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (syncer != null) {
      syncer.stop();
    }
    failRemaining();
    completer.shutdown();
    try {
      completer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeOptions.close();
    syncedWriteOptions.close();
  }

  private void run() {
    List<Request> round = new ArrayList<>();
    try {
      while (true) {
        Request first = nextRequest();
        if (first == null) {
          syncWal();
          continue;
        }
        round.add(first);
        queue.drainTo(round, maxRequestsPerCommit - 1);
        boolean stop = round.remove(STOP);
        commitInOrder(round);
        round.clear();
        if (syncMode == SyncMode.INTERVAL && System.nanoTime() - nextSyncAt >= 0) {
          syncWal();
        }
        if (stop) {
          if (syncMode != SyncMode.BATCH) {
            syncWal();
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("Journal writer for {} stopped unexpectedly", directory, e);
      for (Request request : round) {
        request.done.completeExceptionally(e);
      }
    } finally {
      synchronized (queue) {
        stopping = true;
      }
      failRemaining();
    }
  }

  /** The next request, or null when it is time for the periodic fsync of sync = interval. */
  private Request nextRequest() throws InterruptedException {
    if (syncMode != SyncMode.INTERVAL) {
      return queue.take();
    }
    long wait = nextSyncAt - System.nanoTime();
    return wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
  }

  /**
   * Commits the round as few batches as possible: a request that reads stored records first gets
   * everything gathered before it committed, so it reads what it follows.
   */
  private void commitInOrder(List<Request> round) {
    if (syncer != null && syncer.hasFailed(db)) {
      mustReopen = true; // a failed fsync leaves the log in doubt: start a new one
    }
    if (mustReopen && !reopen(round)) {
      return;
    }
    Commit commit = new Commit();
    try {
      for (Request request : round) {
        if (!commit.isEmpty() && readsStore(request)) {
          commit.write();
          commit = new Commit();
        }
        commit.add(request);
        if (commit.isBroken()) {
          commit.write(); // fails its requests; the rest of the round gets a fresh batch
          commit = new Commit();
        }
      }
      commit.write();
    } finally {
      commit.close();
    }
  }

  /** Reopens the database; if it cannot be opened yet, fails every request of the round and returns false. */
  private boolean reopen(List<Request> round) {
    if (syncer != null) {
      syncer.drained().join(); // nothing may still sync the database about to be closed
    }
    try {
      Reopened reopened = reopener.reopen();
      db = reopened.db();
      state = new WriterState(reopened.db(), reopened.columns(), shards);
      mustReopen = false;
      return true;
    } catch (RocksDBException | RuntimeException e) {
      JournalStoreException failure = writeFailed(e);
      List<Request> failed = List.copyOf(round);
      completer.execute(() -> failed.forEach(request -> request.done.completeExceptionally(failure)));
      return false;
    }
  }

  /** Whether RocksDB answered with an I/O error, after which it refuses writes until reopened. */
  private static boolean isStorageError(Exception e) {
    return e instanceof RocksDBException r && r.getStatus() != null && r.getStatus().getCode() == Status.Code.IOError;
  }

  private boolean readsStore(Request request) {
    try {
      return request.mutation.readsStore(state);
    } catch (RocksDBException | RuntimeException e) {
      return true; // commit what came before; addTo meets the same error and fails alone
    }
  }

  /**
   * One group commit being built: a write batch, the requests in it, and for each either nothing
   * (it joined the batch) or the cause it was rejected with. Acknowledged in request order.
   */
  private final class Commit implements AutoCloseable {

    private final WriteBatch batch = new WriteBatch();
    private final List<Request> requests = new ArrayList<>();
    private final List<Throwable> rejections = new ArrayList<>();
    private int joined;
    private boolean sync;
    private Exception broken;

    boolean isEmpty() {
      return requests.isEmpty();
    }

    boolean isBroken() {
      return broken != null;
    }

    void add(Request request) {
      Throwable rejection = null;
      try {
        request.mutation.addTo(batch, state);
        joined++;
        sync |= request.mutation.mustSync();
      } catch (Mutation.Rejected e) {
        rejection = e.getCause();
      } catch (RocksDBException | RuntimeException e) {
        broken = e;
      }
      requests.add(request);
      rejections.add(rejection);
    }

    void write() {
      try {
        if (requests.isEmpty()) {
          return;
        }
        Exception failure = broken;
        Snapshot applied = null;
        if (failure == null && joined > 0) {
          try {
            db.write(sync && syncer == null ? syncedWriteOptions : writeOptions, batch);
            if (syncer != null) {
              // the writer is the only one writing: this is the state right after this commit
              applied = db.getSnapshot();
            }
          } catch (RocksDBException | RuntimeException e) {
            failure = e;
            mustReopen |= isStorageError(e);
          }
        }
        complete(failure == null ? null : writeFailed(failure), applied);
      } finally {
        close();
      }
    }

    /**
     * Settles the writer state and has the requests completed: at once, or with sync = batch by
     * the syncer once {@code applied} (the snapshot after this commit, null if it wrote nothing)
     * is synced.
     */
    private void complete(JournalStoreException failure, Snapshot applied) {
      if (failure != null) {
        state.forget();
      } else {
        state.commit();
        if (joined > 0) {
          commits.incrementAndGet();
        }
      }
      // Acknowledgements run on their own thread: the callbacks (journal replies, replicator
      // calls) would otherwise delay the next group commit. One thread keeps them in order.
      List<Request> done = List.copyOf(requests);
      List<Throwable> rejected = new ArrayList<>(rejections);
      Consumer<JournalStoreException> acknowledge =
          commitFailure ->
              completer.execute(
                  () -> {
                    for (int i = 0; i < done.size(); i++) {
                      Throwable cause = rejected.get(i) != null ? rejected.get(i) : commitFailure;
                      if (cause == null) {
                        done.get(i).done.complete(null);
                      } else {
                        done.get(i).done.completeExceptionally(cause);
                      }
                    }
                  });
      if (syncer != null) {
        syncer.handOver(new WalSyncer.Written(db, applied, failure, acknowledge));
      } else {
        acknowledge.accept(failure);
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  private void syncWal() {
    nextSyncAt = System.nanoTime() + syncIntervalNanos;
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      mustReopen |= isStorageError(e);
      LOG.error("Periodic fsync of the journal at {} failed: {}", directory, e.getMessage(), e);
    }
  }

  private void failRemaining() {
    Request request;
    while ((request = queue.poll()) != null) {
      if (request != STOP) {
        request.done.completeExceptionally(closed());
      }
    }
  }

  private JournalStoreException writeFailed(Exception cause) {
    String reason = cause instanceof RocksDBException r ? LogStore.describe(r) : cause.toString();
    return new JournalStoreException(
        directory,
        "Write to the journal at " + directory + " failed (" + reason + "). The events of this "
            + "write may or may not be stored; the persist is failed so that nothing unconfirmed "
            + "is acknowledged.",
        cause);
  }

  private JournalStoreException closed() {
    return new JournalStoreException(directory, "The journal at " + directory + " is closed");
  }
}
