package dev.atoll.journal.internal;

import dev.atoll.journal.JournalStoreException;
import dev.atoll.journal.spi.JournalEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
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
 * The embedded event log: one RocksDB database holding events, the highest sequence number of
 * every persistence id, the tag index and snapshots (layout in {@link Keys}).
 *
 * <p>Why it looks like this: the events of one entity, and of one shard, must be range scans (for
 * replay and for replication catch-up), so event keys are ordered by (shard, persistenceId,
 * sequenceNr). The highest sequence number lives apart from the events so that deleting events
 * never lowers it. The tag index gives every tagged event a dense per-tag offset 1, 2, 3, ...
 * assigned by the single writer thread, so offsets become visible in order with no gaps and a
 * polling eventsByTag query never skips one.
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
  private final ColumnFamilyOptions columnOptions;
  private final RocksDB db;
  private final Columns columns;
  private final GroupCommitWriter writer;
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private LogStore(
      LogStoreSettings settings,
      DBOptions dbOptions,
      ColumnFamilyOptions columnOptions,
      RocksDB db,
      Columns columns) {
    this.settings = settings;
    this.directory = settings.directory();
    this.shards = new PersistenceIdShards(settings.numberOfShards());
    this.dbOptions = dbOptions;
    this.columnOptions = columnOptions;
    this.db = db;
    this.columns = columns;
    this.writer = new GroupCommitWriter(db, columns, settings);
  }

  /**
   * Opens (creating if needed) the store in {@code settings.directory()}.
   *
   * @throws JournalStoreException naming the directory and the cause if the directory is locked
   *     by another store, corrupted, unreadable or not a directory; nothing is repaired or deleted
   */
  public static LogStore open(LogStoreSettings settings) {
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
    ColumnFamilyOptions columnOptions = new ColumnFamilyOptions();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      RocksDB db =
          RocksDB.open(
              dbOptions, directory.toString(), Columns.descriptors(columnOptions), handles);
      return new LogStore(settings, dbOptions, columnOptions, db, new Columns(handles));
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      columnOptions.close();
      throw openFailed(directory, e);
    } catch (IOException e) {
      dbOptions.close();
      columnOptions.close();
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
   * Appends {@code events} atomically (all or none) in the next group commit. The future completes
   * once they are written, and synced to disk with sync = batch; it fails with a
   * {@link JournalStoreException} if the store cannot tell that they were.
   */
  public CompletableFuture<Void> append(List<JournalEvent> events) {
    // Keys and values are encoded here, on the caller's thread, so the single writer thread
    // only copies bytes into the batch: it is the one serial step of every write.
    int count = events.size();
    byte[][] keys = new byte[count][];
    byte[][] values = new byte[count][];
    for (int i = 0; i < count; i++) {
      JournalEvent event = events.get(i);
      keys[i] = Keys.eventKey(shards.shardOf(event.persistenceId()), event.persistenceId(), event.sequenceNr());
      values[i] = RecordCodec.encodeEvent(event);
    }
    List<JournalEvent> copy = List.copyOf(events);
    return writer.submit((batch, state) -> {
      for (int i = 0; i < count; i++) {
        JournalEvent event = copy.get(i);
        String pid = event.persistenceId();
        batch.put(columns.events, keys[i], values[i]);
        for (String tag : event.tags()) {
          long offset = state.nextTagOffset(tag);
          batch.put(columns.tags, Keys.tagKey(tag, offset), keys[i]);
          batch.put(columns.tagHeads, Keys.utf8(tag), Keys.longValue(offset));
        }
        if (event.sequenceNr() > state.highestSequenceNr(pid)) {
          batch.put(columns.highest, Keys.utf8(pid), Keys.longValue(event.sequenceNr()));
          state.setHighestSequenceNr(pid, event.sequenceNr());
        }
      }
    });
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
            for (StoredSnapshot snapshot :
                readSnapshots(persistenceId, minSequenceNr, maxSequenceNr)) {
              if (snapshot.timestamp() >= minTimestamp && snapshot.timestamp() <= maxTimestamp) {
                batch.delete(
                    columns.snapshots, Keys.snapshotKey(persistenceId, snapshot.sequenceNr()));
              }
            }
          }

          @Override
          public boolean readsStore() {
            return true;
          }
        });
  }

  // ----------------------------------------------------------------------------------- reads

  /** The highest sequence number ever written for {@code persistenceId}, 0 if none. */
  public long highestSequenceNr(String persistenceId) {
    return read(() -> {
      byte[] value = db.get(columns.highest, Keys.utf8(persistenceId));
      return value == null ? 0L : Keys.readLong(value);
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
    read(() -> {
      // The upper bound lets RocksDB stop at the end of this persistence id by itself.
      byte[] upperBound =
          toSequenceNr == Long.MAX_VALUE
              ? Keys.eventPrefixSuccessor(shard, persistenceId)
              : Keys.eventKey(shard, persistenceId, toSequenceNr + 1);
      try (Slice bound = new Slice(upperBound);
          ReadOptions options = new ReadOptions().setIterateUpperBound(bound);
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
    read(() -> {
      try (RocksIterator it = db.newIterator(columns.events)) {
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
    return read(() -> {
      List<String> ids = new ArrayList<>();
      try (RocksIterator it = db.newIterator(columns.highest)) {
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
    return read(() -> {
      byte[] value = db.get(columns.tagHeads, Keys.utf8(tag));
      return value == null ? 0L : Keys.readLong(value);
    });
  }

  /**
   * Up to {@code limit} events tagged {@code tag} with an offset in {@code (afterOffset,
   * upToOffset]}, in offset order. Events deleted since they were tagged are skipped.
   */
  public List<TaggedEvent> eventsByTag(String tag, long afterOffset, long upToOffset, int limit) {
    byte[] prefix = Keys.tagPrefix(tag);
    return read(() -> {
      List<TaggedEvent> found = new ArrayList<>();
      try (RocksIterator it = db.newIterator(columns.tags)) {
        for (it.seek(Keys.tagKey(tag, afterOffset + 1));
            it.isValid() && found.size() < limit && Keys.startsWith(it.key(), prefix);
            it.next()) {
          long offset = Keys.tagOffsetOfTagKey(it.key());
          if (offset > upToOffset) {
            break;
          }
          byte[] eventKey = it.value();
          byte[] value = db.get(columns.events, eventKey);
          if (value != null) {
            JournalEvent event =
                RecordCodec.decodeEvent(
                    Keys.persistenceIdOfEventKey(eventKey),
                    Keys.sequenceNrOfEventKey(eventKey),
                    value);
            found.add(new TaggedEvent(offset, event));
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
    return read(() -> {
      List<StoredSnapshot> candidates = readSnapshots(persistenceId, minSequenceNr, maxSequenceNr);
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
  private List<StoredSnapshot> readSnapshots(String persistenceId, long minSeq, long maxSeq)
      throws RocksDBException {
    byte[] prefix = Keys.snapshotPrefix(persistenceId);
    List<StoredSnapshot> found = new ArrayList<>();
    try (RocksIterator it = db.newIterator(columns.snapshots)) {
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
    read(() -> {
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
      // Flushing the memtables on a clean close means the next open need not replay the
      // write-ahead log (seconds with a million events). Best effort: the log has it all anyway.
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options, columns.all());
      } catch (RocksDBException e) {
        LOG.warn("Flushing the journal at {} on close failed: {}", directory, describe(e));
      }
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
        columnOptions.close();
      }
    } finally {
      guard.writeLock().unlock();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  private interface Read<T> {
    T run() throws RocksDBException;
  }

  private <T> T read(Read<T> operation) {
    guard.readLock().lock();
    try {
      if (closed) {
        throw new JournalStoreException(directory, "The journal at " + directory + " is closed");
      }
      return operation.run();
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
