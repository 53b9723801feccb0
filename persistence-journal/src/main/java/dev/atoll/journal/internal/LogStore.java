package dev.atoll.journal.internal;

import dev.atoll.journal.JournalStoreException;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.TailWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: one RocksDB database holding events (each with the epoch of the primary
 * that wrote it), the highest sequence number and tip of every persistence id, the tag index,
 * snapshots and the replication protocol's per-shard state (layout in {@link Keys}).
 *
 * <p>Why it looks like this: the events of one entity, and of one shard, must be range scans (for
 * replay and for replication catch-up), so event keys are ordered by (shard, persistenceId,
 * sequenceNr). The highest sequence number (and the tip: the same number with its event's epoch,
 * keyed by shard so a shard's tips are one scan) lives apart from the events so that deleting
 * events never lowers it; only a tail write that replaces an unacknowledged tail does. The tag
 * index gives every tagged event a dense per-tag offset 1, 2, 3, ... assigned by the single
 * writer thread, so offsets become visible in order with no gaps and a polling eventsByTag query
 * never skips one; each event records its own offsets, so a tail write can remove its entries.
 *
 * <p>All writes go through the {@link GroupCommitWriter}; reads run on the caller's thread. Every
 * operation holds a read lock that {@link #close()} takes exclusively, so the native database is
 * never closed under a running read (which would crash the JVM).
 */
public final class LogStore implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);

  private final LogStoreSettings settings;
  private final Path directory;
  private final PersistenceIdShards shards;
  private final DBOptions dbOptions;
  private final ColumnTuning columnTuning;
  // Replaced only by reopen(), on the writer thread under the guard's write lock; db is null while
  // a reopen after a write error has not succeeded yet.
  private volatile RocksDB db;
  private volatile Columns columns;
  private volatile StoreWrites writes;
  private final ReadViews views;
  private final GroupCommitWriter writer;
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private LogStore(
      LogStoreSettings settings,
      DBOptions dbOptions,
      ColumnTuning columnTuning,
      RocksDB db,
      Columns columns,
      WalSyncer.LogSync logSync) {
    this.settings = settings;
    this.directory = settings.directory();
    this.shards = new PersistenceIdShards(settings.numberOfShards());
    this.dbOptions = dbOptions;
    this.columnTuning = columnTuning;
    this.db = db;
    this.columns = columns;
    this.writes = new StoreWrites(columns);
    this.views = new ReadViews(db);
    this.writer = new GroupCommitWriter(db, columns, settings, shards, views, logSync, this::reopen);
  }

  /**
   * Opens (creating if needed) the store in {@code settings.directory()}.
   *
   * @throws JournalStoreException naming the directory and the cause if the directory is locked
   *     by another store, corrupted, unreadable or not a directory; nothing is repaired or deleted
   */
  public static LogStore open(LogStoreSettings settings) {
    return open(settings, RocksDB::syncWal);
  }

  /** {@link #open(LogStoreSettings)} with {@code logSync} syncing the log; for tests. */
  static LogStore open(LogStoreSettings settings, WalSyncer.LogSync logSync) {
    Path directory = settings.directory();
    refuseDirectoryWithoutCurrentFile(directory);
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setParanoidChecks(true)
            .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
            .setKeepLogFileNum(3)
            .setMaxBackgroundJobs(2);
    ColumnTuning columnTuning = new ColumnTuning();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      RocksDB db =
          RocksDB.open(
              dbOptions, directory.toString(), Columns.descriptors(columnTuning), handles);
      Columns columns = new Columns(handles);
      try {
        LayoutUpgrade.run(
            db, columns, new PersistenceIdShards(settings.numberOfShards()), directory);
      } catch (RocksDBException | RuntimeException e) {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        dbOptions.close();
        columnTuning.close();
        if (e instanceof RocksDBException rocks) {
          throw openFailed(directory, rocks);
        }
        if (e instanceof JournalStoreException) {
          throw e;
        }
        throw new JournalStoreException(
            directory,
            "The journal at " + directory + " holds a damaged record: " + e.getMessage(),
            e);
      }
      return new LogStore(settings, dbOptions, columnTuning, db, columns, logSync);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      columnTuning.close();
      throw openFailed(directory, e);
    } catch (IOException e) {
      dbOptions.close();
      columnTuning.close();
      throw new JournalStoreException(
          directory, "Cannot create the journal directory " + directory + ": " + e, e);
    }
  }

  public Path directory() {
    return directory;
  }

  public LogStoreSettings settings() {
    return settings;
  }

  /** How many group commits were written since the store was opened. */
  public long commitCount() {
    return writer.commits();
  }

  public int shardOf(String persistenceId) {
    return shards.shardOf(persistenceId);
  }

  // ---------------------------------------------------------------------------------- writes

  /**
   * Appends {@code events} atomically (all or none) in the next group commit, with
   * {@link Epoch#NONE}. The future completes once they are written, and synced to disk with sync
   * = batch; it fails with a {@link JournalStoreException} if the store cannot tell that they
   * were.
   */
  public CompletableFuture<Void> append(List<JournalEvent> events) {
    List<ReplicatedEvent> withoutEpoch = new ArrayList<>(events.size());
    for (JournalEvent event : events) {
      withoutEpoch.add(new ReplicatedEvent(event, Epoch.NONE));
    }
    return appendReplicated(withoutEpoch);
  }

  /**
   * Appends {@code events}, each stored with its epoch, atomically in the next group commit: the
   * journal's write path. Each persistence id's tip moves to its highest event written; nothing is
   * truncated and no stored event is read. Completes like {@link #append}.
   */
  public CompletableFuture<Void> appendReplicated(List<ReplicatedEvent> events) {
    // Keys and values are encoded here, on the caller's thread, so the single writer thread
    // only assigns tag offsets and copies bytes into the batch: it is the one serial step.
    int count = events.size();
    EncodedEvent[] encoded = new EncodedEvent[count];
    String lastId = null;
    int lastShard = 0;
    for (int i = 0; i < count; i++) {
      ReplicatedEvent event = events.get(i);
      if (!event.persistenceId().equals(lastId)) {
        lastId = event.persistenceId();
        lastShard = shards.shardOf(lastId);
      }
      encoded[i] = EncodedEvent.of(event, lastShard);
    }
    return writer.submit((batch, state) -> {
      // the highest event of each persistence id in this request that raises its tip
      Map<String, EncodedEvent> raised = new LinkedHashMap<>();
      for (EncodedEvent event : encoded) {
        writes.putEvent(batch, state, event);
        String pid = event.persistenceId();
        EncodedEvent raisedBefore = raised.get(pid);
        long highest = raisedBefore != null ? raisedBefore.sequenceNr() : state.highestSequenceNr(pid);
        if (event.sequenceNr() > highest) {
          raised.put(pid, event);
        }
      }
      for (EncodedEvent last : raised.values()) {
        writes.putTip(
            batch, state, last.shard(), last.persistenceId(),
            new LogTip(last.sequenceNr(), last.epoch()));
      }
    });
  }

  /**
   * Applies {@code writes} atomically in the next group commit: for each, drops the stored events
   * after its afterSequenceNr (with their tag-index entries), stores its events and sets the tip.
   * Fails with an {@link IllegalArgumentException}, storing nothing of the call, if a write's
   * events are not contiguous from its afterSequenceNr + 1 or its afterSequenceNr is beyond the
   * stored highest sequence number (including writes queued before it). A write right after the
   * current tip reads nothing from the store.
   */
  public CompletableFuture<Void> writeTails(List<TailWrite> tailWrites) {
    List<TailWriteMutation.Planned> planned = new ArrayList<>();
    try {
      for (TailPlan plan : TailPlan.of(tailWrites)) {
        int shard = shards.shardOf(plan.persistenceId());
        List<EncodedEvent> encoded = new ArrayList<>(plan.events().size());
        for (ReplicatedEvent event : plan.events()) {
          encoded.add(EncodedEvent.of(event, shard));
        }
        planned.add(new TailWriteMutation.Planned(plan, shard, encoded));
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return writer.submit(new TailWriteMutation(() -> new TailWriteMutation.Store(db, columns, writes), planned));
  }

  /**
   * Stores {@code state} as the replication protocol's state of {@code shard}, replacing the
   * previous one, and completes once it is fsynced, whatever the sync mode. The array belongs to
   * the store from now on: the caller must not modify it.
   */
  public CompletableFuture<Void> putShardState(int shard, byte[] state) {
    if (shard < 0) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("shard " + shard + " is negative"));
    }
    byte[] key = Keys.shardStateKey(shard);
    return writer.submit(
        new Mutation() {
          @Override
          public void addTo(WriteBatch batch, WriterState ignored) throws RocksDBException {
            batch.put(columns.shardStates, key, state);
          }

          @Override
          public boolean mustSync() {
            return true;
          }
        });
  }

  /** Queues {@code mutation} for the writer; for tests that need to hold the writer still. */
  CompletableFuture<Void> submit(Mutation mutation) {
    return writer.submit(mutation);
  }

  /**
   * Deletes the events of {@code persistenceId} up to and including {@code toSequenceNr}. The
   * highest sequence number is kept, so it never decreases.
   */
  public CompletableFuture<Void> deleteEventsTo(String persistenceId, long toSequenceNr) {
    return writer.submit((batch, state) -> {
      long upTo = Math.min(toSequenceNr, state.highestSequenceNr(persistenceId));
      if (upTo >= 1) {
        int shard = shards.shardOf(persistenceId);
        batch.deleteRange(
            columns.events,
            Keys.eventKey(shard, persistenceId, 0),
            Keys.eventKey(shard, persistenceId, upTo + 1));
      }
    });
  }

  /** Stores {@code snapshot}, replacing one with the same persistence id and sequence number. */
  public CompletableFuture<Void> saveSnapshot(StoredSnapshot snapshot) {
    byte[] key = Keys.snapshotKey(snapshot.persistenceId(), snapshot.sequenceNr());
    byte[] value = RecordCodec.encodeSnapshot(snapshot);
    return writer.submit((batch, state) -> batch.put(columns.snapshots, key, value));
  }

  /**
   * Deletes the snapshots of {@code persistenceId} with a sequence number in
   * {@code [minSequenceNr, maxSequenceNr]} and a timestamp in {@code [minTimestamp, maxTimestamp]}.
   */
  public CompletableFuture<Void> deleteSnapshots(
      String persistenceId,
      long minSequenceNr,
      long maxSequenceNr,
      long minTimestamp,
      long maxTimestamp) {
    return writer.submit(
        new Mutation() {
          @Override
          public void addTo(WriteBatch batch, WriterState state)
              throws RocksDBException {
            // the writer reads the latest state, including commits whose fsync is still running
            try (ReadOptions latest = new ReadOptions()) {
              for (StoredSnapshot snapshot :
                  readSnapshots(latest, persistenceId, minSequenceNr, maxSequenceNr)) {
                if (snapshot.timestamp() >= minTimestamp && snapshot.timestamp() <= maxTimestamp) {
                  batch.delete(
                      columns.snapshots, Keys.snapshotKey(persistenceId, snapshot.sequenceNr()));
                }
              }
            }
          }

          @Override
          public boolean readsStore(WriterState state) {
            return true;
          }
        });
  }

  // ----------------------------------------------------------------------------------- reads

  /** The highest sequence number ever written for {@code persistenceId}, 0 if none. */
  public long highestSequenceNr(String persistenceId) {
    return tip(persistenceId).sequenceNr();
  }

  /** The tip of {@code persistenceId}: its highest sequence number and that event's epoch. */
  public LogTip tip(String persistenceId) {
    byte[] key = Keys.tipKey(shards.shardOf(persistenceId), persistenceId);
    return read(view -> {
      byte[] value = db.get(columns.tips, view.options(), key);
      return value == null ? LogTip.EMPTY : RecordCodec.decodeTip(persistenceId, value);
    });
  }

  /** The tip of every persistence id of {@code shard} that has ever stored an event. */
  public Map<String, LogTip> tips(int shard) {
    byte[] prefix = Keys.shardPrefix(shard);
    return read(view -> {
      Map<String, LogTip> found = new LinkedHashMap<>();
      try (RocksIterator it = db.newIterator(columns.tips, view.options())) {
        for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
          String persistenceId = Keys.persistenceIdOfTipKey(it.key());
          found.put(persistenceId, RecordCodec.decodeTip(persistenceId, it.value()));
        }
        it.status();
      }
      return Collections.unmodifiableMap(found);
    });
  }

  /** The epoch of the stored event {@code (persistenceId, sequenceNr)}, empty if none is stored. */
  public Optional<Epoch> epochOf(String persistenceId, long sequenceNr) {
    if (sequenceNr < 0) {
      return Optional.empty();
    }
    byte[] key = Keys.eventKey(shards.shardOf(persistenceId), persistenceId, sequenceNr);
    return read(view -> {
      byte[] value = db.get(columns.events, view.options(), key);
      return value == null
          ? Optional.<Epoch>empty()
          : Optional.of(RecordCodec.decodeEpoch(persistenceId, sequenceNr, value));
    });
  }

  /** Up to {@code max} stored events of {@code persistenceId} from {@code fromSequenceNr} on. */
  public List<ReplicatedEvent> read(String persistenceId, long fromSequenceNr, int max) {
    if (max <= 0) {
      return List.of();
    }
    int shard = shards.shardOf(persistenceId);
    return read(view -> {
      List<ReplicatedEvent> found = new ArrayList<>(Math.min(max, 1024));
      try (Slice bound = new Slice(Keys.eventPrefixSuccessor(shard, persistenceId));
          ReadOptions options = view.optionsUpTo(bound);
          RocksIterator it = db.newIterator(columns.events, options)) {
        for (it.seek(Keys.eventKey(shard, persistenceId, Math.max(0, fromSequenceNr)));
            it.isValid() && found.size() < max;
            it.next()) {
          found.add(
              RecordCodec.decodeReplicated(
                  persistenceId, Keys.sequenceNrOfEventKey(it.key()), it.value()));
        }
        it.status();
      }
      return Collections.unmodifiableList(found);
    });
  }

  /** Every shard's stored replication state; the arrays are fresh copies owned by the caller. */
  public Map<Integer, byte[]> shardStates() {
    return read(view -> {
      Map<Integer, byte[]> found = new LinkedHashMap<>();
      try (RocksIterator it = db.newIterator(columns.shardStates, view.options())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          found.put(Keys.shardOfShardStateKey(it.key()), it.value());
        }
        it.status();
      }
      return Collections.unmodifiableMap(found);
    });
  }

  /**
   * Calls {@code consumer} with the stored events of {@code persistenceId} whose sequence number is
   * in {@code [fromSequenceNr, toSequenceNr]}, in order, at most {@code max} of them.
   */
  public void replay(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<JournalEvent> consumer) {
    if (max <= 0 || toSequenceNr < fromSequenceNr) {
      return;
    }
    int shard = shards.shardOf(persistenceId);
    byte[] prefix = Keys.eventPrefix(shard, persistenceId);
    read(view -> {
      // The upper bound lets RocksDB stop at the end of this persistence id by itself.
      byte[] upperBound =
          toSequenceNr == Long.MAX_VALUE
              ? Keys.eventPrefixSuccessor(shard, persistenceId)
              : Keys.eventKey(shard, persistenceId, toSequenceNr + 1);
      try (Slice bound = new Slice(upperBound);
          ReadOptions options = view.optionsUpTo(bound);
          RocksIterator it = db.newIterator(columns.events, options)) {
        long count = 0;
        for (it.seek(Keys.eventKey(shard, persistenceId, Math.max(0, fromSequenceNr)));
            it.isValid() && count < max;
            it.next()) {
          byte[] key = it.key();
          if (!Keys.startsWith(key, prefix)) {
            break;
          }
          long sequenceNr = Keys.sequenceNrOfEventKey(key);
          if (sequenceNr > toSequenceNr) {
            break;
          }
          consumer.accept(RecordCodec.decodeEvent(persistenceId, sequenceNr, it.value()));
          count++;
        }
        it.status();
      }
      return null;
    });
  }

  /** Every stored event of {@code shard}, grouped by persistence id and in sequence order. */
  public void replayShard(int shard, Consumer<JournalEvent> consumer) {
    byte[] prefix = Keys.shardPrefix(shard);
    read(view -> {
      try (RocksIterator it = db.newIterator(columns.events, view.options())) {
        for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
          byte[] key = it.key();
          consumer.accept(
              RecordCodec.decodeEvent(
                  Keys.persistenceIdOfEventKey(key), Keys.sequenceNrOfEventKey(key), it.value()));
        }
        it.status();
      }
      return null;
    });
  }

  /**
   * Up to {@code limit} persistence ids that have ever been written, in byte order, starting after
   * {@code after} (exclusive; empty string for the first page).
   */
  public List<String> persistenceIds(String after, int limit) {
    return read(view -> {
      List<String> ids = new ArrayList<>();
      try (RocksIterator it = db.newIterator(columns.highest, view.options())) {
        byte[] start = Keys.utf8(after);
        for (it.seek(start); it.isValid() && ids.size() < limit; it.next()) {
          String id = new String(it.key(), StandardCharsets.UTF_8);
          if (!id.equals(after)) {
            ids.add(id);
          }
        }
        it.status();
      }
      return ids;
    });
  }

  /** The offset of the last event committed with {@code tag}, 0 if none. */
  public long tagHead(String tag) {
    return read(view -> {
      byte[] value = db.get(columns.tagHeads, view.options(), Keys.utf8(tag));
      return value == null ? 0L : Keys.readLong(value);
    });
  }

  /**
   * Up to {@code limit} events tagged {@code tag} with an offset in {@code (afterOffset,
   * upToOffset]}, in offset order. Events deleted since they were tagged, or replaced by a tail
   * write, are skipped.
   */
  public List<TaggedEvent> eventsByTag(String tag, long afterOffset, long upToOffset, int limit) {
    byte[] prefix = Keys.tagPrefix(tag);
    return read(view -> {
      List<TaggedEvent> found = new ArrayList<>();
      try (RocksIterator it = db.newIterator(columns.tags, view.options())) {
        for (it.seek(Keys.tagKey(tag, afterOffset + 1));
            it.isValid() && found.size() < limit && Keys.startsWith(it.key(), prefix);
            it.next()) {
          long offset = Keys.tagOffsetOfTagKey(it.key());
          if (offset > upToOffset) {
            break;
          }
          byte[] eventKey = it.value();
          byte[] value = db.get(columns.events, view.options(), eventKey);
          if (value != null) {
            StoredEvent stored =
                RecordCodec.decodeStored(
                    Keys.persistenceIdOfEventKey(eventKey),
                    Keys.sequenceNrOfEventKey(eventKey),
                    value);
            // an entry left by an event that a tail write has since replaced is skipped
            if (stored.isIndexedAt(tag, offset)) {
              found.add(new TaggedEvent(offset, stored.event()));
            }
          }
        }
        it.status();
      }
      return found;
    });
  }

  /**
   * The latest snapshot of {@code persistenceId} with a sequence number in {@code [minSequenceNr,
   * maxSequenceNr]} and a timestamp in {@code [minTimestamp, maxTimestamp]}.
   */
  public Optional<StoredSnapshot> latestSnapshot(
      String persistenceId,
      long minSequenceNr,
      long maxSequenceNr,
      long minTimestamp,
      long maxTimestamp) {
    return read(view -> {
      List<StoredSnapshot> candidates =
          readSnapshots(view.options(), persistenceId, minSequenceNr, maxSequenceNr);
      for (int i = candidates.size() - 1; i >= 0; i--) {
        StoredSnapshot snapshot = candidates.get(i);
        if (snapshot.timestamp() >= minTimestamp && snapshot.timestamp() <= maxTimestamp) {
          return Optional.of(snapshot);
        }
      }
      return Optional.<StoredSnapshot>empty();
    });
  }

  /** Snapshots in ascending sequence order; callers hold the read lock or are the writer. */
  private List<StoredSnapshot> readSnapshots(
      ReadOptions options, String persistenceId, long minSeq, long maxSeq) throws RocksDBException {
    byte[] prefix = Keys.snapshotPrefix(persistenceId);
    List<StoredSnapshot> found = new ArrayList<>();
    try (RocksIterator it = db.newIterator(columns.snapshots, options)) {
      for (it.seek(Keys.snapshotKey(persistenceId, Math.max(0, minSeq)));
          it.isValid() && Keys.startsWith(it.key(), prefix);
          it.next()) {
        long sequenceNr = Keys.sequenceNrOfSnapshotKey(it.key());
        if (sequenceNr > maxSeq) {
          break;
        }
        found.add(RecordCodec.decodeSnapshot(persistenceId, sequenceNr, it.value()));
      }
      it.status();
    }
    return found;
  }

  /**
   * Writes every memtable to table files and waits for it. Not needed for durability (the
   * write-ahead log has everything); for tools and tests that need the data in .sst files.
   */
  public void flush() {
    read(view -> {
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options, columns.all());
      }
      return null;
    });
  }

  // ----------------------------------------------------------------------------------- close

  /**
   * Commits what is queued, stops the writer, waits for running reads and closes the database.
   * Later calls fail with a {@link JournalStoreException}. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.stop();
    guard.writeLock().lock();
    try {
      if (db == null) {
        dbOptions.close();
        columnTuning.close();
        return;
      }
      // Flushing the memtables on a clean close means the next open need not replay the
      // write-ahead log (seconds with a million events). Best effort: the log has it all anyway.
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options, columns.all());
      } catch (RocksDBException e) {
        LOG.warn("Flushing the journal at {} on close failed: {}", directory, describe(e));
      }
      views.release(); // RocksDB refuses to close with a snapshot still held
      columns.all().forEach(ColumnFamilyHandle::close);
      try {
        db.closeE();
      } catch (RocksDBException e) {
        // Every acknowledged write was already synced (or, with sync = interval/off, handed to
        // the OS), so a failing close loses nothing acknowledged; it usually repeats an earlier
        // write error such as a full disk. Report it without failing the shutdown.
        LOG.warn("Closing the journal at {} reported: {}", directory, describe(e));
      } finally {
        dbOptions.close();
        columnTuning.close();
      }
    } finally {
      guard.writeLock().unlock();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Keeps the open database (which still serves reads) unless there is room to reopen it: opening
   * replays the write-ahead logs into table files and writes a new manifest, so it needs about
   * their size free. Reopening without it would fail and leave the store unable to read too.
   */
  private void refuseToReopenWithoutSpace() throws RocksDBException {
    long needed = 1 << 20;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(".log")) {
          needed += Files.size(file);
        }
      }
      long usable = Files.getFileStore(directory).getUsableSpace();
      if (usable < needed) {
        throw new RocksDBException("only " + usable + " bytes free in " + directory + ", " + needed + " needed to reopen the journal");
      }
    } catch (IOException e) {
      throw new RocksDBException("cannot tell the free space in " + directory + ": " + e);
    }
  }

  /**
   * Closes and reopens the database, on the writer thread, after a write failed with an I/O error
   * (a full disk, typically). RocksDB turns such an error into a background error that refuses
   * every later write until {@code DB::Resume()}, which RocksJava does not offer; reopening
   * replays the synced write-ahead log (so nothing acknowledged is lost; the failed write, never
   * acknowledged, may or may not be there) and starts a new one. Reads wait for it under the
   * guard's write lock. If the database cannot be opened yet (still no space), this throws and
   * the writer tries again before its next commit; reads fail meanwhile.
   */
  private GroupCommitWriter.Reopened reopen() throws RocksDBException {
    if (db != null) {
      refuseToReopenWithoutSpace();
    }
    guard.writeLock().lock();
    try {
      if (db != null) {
        views.release();
        columns.all().forEach(ColumnFamilyHandle::close);
        try {
          db.closeE();
        } catch (RocksDBException e) {
          LOG.debug("Closing the journal at {} before reopening it reported: {}", directory, describe(e));
        }
        db = null;
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB reopened = RocksDB.open(dbOptions, directory.toString(), Columns.descriptors(columnTuning), handles);
      columns = new Columns(handles);
      writes = new StoreWrites(columns);
      db = reopened;
      views.reset(reopened);
      LOG.warn("The journal at {} was reopened after a write error and accepts writes again", directory);
      return new GroupCommitWriter.Reopened(db, columns);
    } finally {
      guard.writeLock().unlock();
    }
  }

  private interface Read<T> {
    T run(ReadView view) throws RocksDBException;
  }

  private <T> T read(Read<T> operation) {
    guard.readLock().lock();
    try {
      if (closed) {
        throw new JournalStoreException(directory, "The journal at " + directory + " is closed");
      }
      if (db == null) {
        throw new JournalStoreException(
            directory, "The journal at " + directory + " is being reopened after a write error (is the disk full?)");
      }
      ReadView view = views.hold();
      try {
        return operation.run(view);
      } finally {
        view.letGo();
      }
    } catch (RocksDBException e) {
      throw new JournalStoreException(
          directory, "Reading the journal at " + directory + " failed: " + describe(e), e);
    } catch (IllegalStateException e) {
      throw new JournalStoreException(
          directory, "The journal at " + directory + " holds a damaged record: " + e.getMessage(), e);
    } finally {
      guard.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------------------- open failures

  /**
   * A directory with RocksDB files but no CURRENT file is damaged: RocksDB would create a new,
   * empty database over it and the old events would be silently gone. Refuse instead.
   */
  private static void refuseDirectoryWithoutCurrentFile(Path directory) {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new JournalStoreException(
          directory, "The journal path " + directory + " exists and is not a directory");
    }
    if (!Files.isDirectory(directory) || Files.exists(directory.resolve("CURRENT"))) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      List<String> dataFiles =
          files
              .map(path -> path.getFileName().toString())
              .filter(
                  name -> name.endsWith(".sst") || name.endsWith(".log")
                      || name.startsWith("MANIFEST-"))
              .sorted()
              .toList();
      if (!dataFiles.isEmpty()) {
        throw new JournalStoreException(
            directory,
            "The journal at " + directory + " is corrupted: it holds data files " + dataFiles
                + " but no CURRENT file. Refusing to start rather than create an empty journal "
                + "over them; restore the directory from a backup or a replica.");
      }
    } catch (IOException e) {
      throw new JournalStoreException(directory, "Cannot list " + directory + ": " + e, e);
    }
  }

  private static JournalStoreException openFailed(Path directory, RocksDBException e) {
    String reason = describe(e);
    String lower = reason.toLowerCase(Locale.ROOT);
    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
    if (lower.contains("lock")) {
      return new JournalStoreException(
          directory,
          "The journal directory " + directory + " is already locked by another node (another "
              + "process, or another ActorSystem in this JVM) (" + reason + "). Stop that node "
              + "or give this one its own atoll.journal.dir / atoll.node.data-dir.",
          e);
    }
    if (code == Status.Code.Corruption || lower.contains("corrupt")) {
      return new JournalStoreException(
          directory,
          "The journal at " + directory + " is corrupted (" + reason + "). Refusing to start: "
              + "nothing was repaired or deleted; restore the directory from a backup or a "
              + "replica.",
          e);
    }
    return new JournalStoreException(
        directory, "Cannot open the journal at " + directory + ": " + reason, e);
  }

  static String describe(RocksDBException e) {
    Status status = e.getStatus();
    if (status == null) {
      return e.getMessage();
    }
    String state = status.getState();
    String text = status.getCodeString() + (state == null ? "" : ": " + state);
    return text.isBlank() ? String.valueOf(e.getMessage()) : text;
  }
}
