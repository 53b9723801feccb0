package dev.atoll.journal.internal;

import static dev.atoll.journal.internal.TestEvents.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.journal.JournalStoreException;
import dev.atoll.journal.TestDirectories;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import dev.atoll.journal.spi.TailWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A store written before events carried epochs (event format 1, no tips) still opens, reads and
 * takes tail writes. The old records are written here byte by byte, with the layout that release
 * documented, so the test does not depend on the current encoder.
 */
class StoreUpgradeTest {

  private static final List<String> OLD_COLUMNS =
      List.of("default", "events", "highest", "tags", "tag-heads", "snapshots");
  private static final String PID = "Account|old";
  private static final Epoch E1 = new Epoch(1, "node-a");

  private Path directory;

  @BeforeEach
  void createDirectory() {
    directory = TestDirectories.fresh("upgrade");
  }

  @AfterEach
  void deleteDirectory() {
    TestDirectories.delete(directory);
  }

  @Test
  void eventsOfTheOldFormatAreReadWithNoEpochAndGetATip() throws RocksDBException {
    JournalEvent first = oldEvent(1, Optional.of(new SerializedObject(20, "m", new byte[] {7})));
    JournalEvent second = oldEvent(2, Optional.empty());
    writeOldStore(List.of(first, second));

    try (LogStore store = LogStore.open(LogStoreSettings.of(directory))) {
      List<JournalEvent> replayed = new ArrayList<>();
      store.replay(PID, 1, Long.MAX_VALUE, Long.MAX_VALUE, replayed::add);
      assertThat(replayed).containsExactly(first, second);
      assertThat(store.read(PID, 1, 10))
          .containsExactly(new ReplicatedEvent(first, Epoch.NONE), new ReplicatedEvent(second, Epoch.NONE));
      assertThat(store.epochOf(PID, 2)).contains(Epoch.NONE);
      assertThat(store.tip(PID)).isEqualTo(new LogTip(2, Epoch.NONE));
      assertThat(store.tips(store.shardOf(PID))).containsEntry(PID, new LogTip(2, Epoch.NONE));
      assertThat(store.eventsByTag("blue", 0, Long.MAX_VALUE, 10))
          .extracting(TaggedEvent::tagOffset).containsExactly(1L, 2L);
    }
  }

  @Test
  void aTailWriteReplacesAnOldFormatEventAndItsStaleTagEntryIsSkipped() throws RocksDBException {
    writeOldStore(List.of(oldEvent(1, Optional.empty()), oldEvent(2, Optional.empty())));

    try (LogStore store = LogStore.open(LogStoreSettings.of(directory))) {
      store.writeTails(List.of(TailWrite.of(PID, 1, replicated(PID, 2, 2, E1, "blue")))).join();

      assertThat(store.eventsByTag("blue", 0, Long.MAX_VALUE, 10))
          .extracting(t -> t.tagOffset() + ":" + TestEvents.text(t.event()))
          .containsExactly("1:old#1", "3:Account|old#2@1");
      assertThat(store.tip(PID)).isEqualTo(new LogTip(2, E1));
      assertThat(store.epochOf(PID, 1)).contains(Epoch.NONE);
      assertThat(store.epochOf(PID, 2)).contains(E1);
    }
  }

  @Test
  void aLayoutTwoStoreReadsItsHighestSequenceNumbersFromTheTipsAndIsMarkedSoVersionTwoRefusesIt()
      throws RocksDBException {
    try (LogStore store = LogStore.open(LogStoreSettings.of(directory))) {
      store.append(TestEvents.events(PID, 1, 3)).join();
    }
    // as layout 2 left it: the highest column held every id's highest sequence number
    withRawStore(Columns.NAMES, (db, handles) -> {
      db.put(handles.get(0), Keys.LAYOUT_KEY, ByteBuffer.allocate(4).putInt(2).array());
      db.put(handles.get(2), utf8(PID), longBytes(3));
    });

    try (LogStore store = LogStore.open(LogStoreSettings.of(directory))) {
      assertThat(store.highestSequenceNr(PID)).isEqualTo(3);
      store.append(TestEvents.events(PID, 4, 5)).join();
      store.append(TestEvents.events("Account|new", 1, 2)).join();
      assertThat(store.highestSequenceNr(PID)).isEqualTo(5);
      assertThat(store.highestSequenceNr("Account|new")).isEqualTo(2);
      assertThat(store.persistenceIds("", 10)).containsExactly("Account|new", PID); // byte order
    }
    withRawStore(Columns.NAMES, (db, handles) -> {
      assertThat(ByteBuffer.wrap(db.get(handles.get(0), Keys.LAYOUT_KEY)).getInt()).isEqualTo(3);
      // the index entry of an id is written on its first write only, with no value
      assertThat(db.get(handles.get(2), utf8("Account|new"))).isEmpty();
      assertThat(db.get(handles.get(2), utf8(PID))).isEqualTo(longBytes(3));
    });
  }

  @Test
  void aStoreWrittenByANewerReleaseIsRefused() throws RocksDBException {
    try (LogStore store = LogStore.open(LogStoreSettings.of(directory))) {
      store.append(TestEvents.events(PID, 1, 1)).join();
    }
    withRawStore(Columns.NAMES, (db, handles) ->
        db.put(handles.get(0), "layout".getBytes(StandardCharsets.UTF_8),
            ByteBuffer.allocate(4).putInt(Keys.LAYOUT_VERSION + 1).array()));

    assertThatThrownBy(() -> LogStore.open(LogStoreSettings.of(directory)))
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("layout version " + (Keys.LAYOUT_VERSION + 1));
  }

  private static JournalEvent oldEvent(long sequenceNr, Optional<SerializedObject> metadata) {
    return new JournalEvent(
        PID, sequenceNr, "writer-0", "adapter-v1", 5_000 + sequenceNr,
        new SerializedObject(33, "v1", ("old#" + sequenceNr).getBytes(StandardCharsets.UTF_8)),
        metadata, List.of("blue"));
  }

  /** The store as the release before epochs left it: format-1 events, highest, tag index. */
  private void writeOldStore(List<JournalEvent> events) throws RocksDBException {
    int shard = new PersistenceIdShards(256).shardOf(PID);
    withRawStore(OLD_COLUMNS, (db, handles) -> {
      long offset = 0;
      for (JournalEvent event : events) {
        byte[] key = eventKey(shard, event.persistenceId(), event.sequenceNr());
        db.put(handles.get(1), key, formatOneValue(event));
        db.put(handles.get(2), utf8(event.persistenceId()), longBytes(event.sequenceNr()));
        for (String tag : event.tags()) {
          offset++;
          byte[] tagBytes = utf8(tag);
          byte[] tagKey =
              ByteBuffer.allocate(4 + tagBytes.length + 8)
                  .putInt(tagBytes.length).put(tagBytes).putLong(offset).array();
          db.put(handles.get(3), tagKey, key);
          db.put(handles.get(4), tagBytes, longBytes(offset));
        }
      }
    });
  }

  private interface RawWrite {
    void run(RocksDB db, List<ColumnFamilyHandle> handles) throws RocksDBException;
  }

  private void withRawStore(List<String> columns, RawWrite write) throws RocksDBException {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options =
            new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions columnOptions = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : columns) {
        descriptors.add(
            new ColumnFamilyDescriptor(
                name.equals("default") ? RocksDB.DEFAULT_COLUMN_FAMILY : utf8(name), columnOptions));
      }
      try (RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles)) {
        write.run(db, handles);
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  private static byte[] formatOneValue(JournalEvent event) {
    ByteBuffer out = ByteBuffer.allocate(4096);
    out.put((byte) 1).putLong(event.timestamp());
    putString(out, event.writerUuid());
    putString(out, event.eventManifest());
    putPayload(out, event.payload());
    out.put((byte) (event.metadata().isPresent() ? 1 : 0));
    event.metadata().ifPresent(m -> putPayload(out, m));
    out.putInt(event.tags().size());
    event.tags().forEach(tag -> putString(out, tag));
    byte[] value = new byte[out.position()];
    out.flip().get(value);
    return value;
  }

  private static void putPayload(ByteBuffer out, SerializedObject payload) {
    out.putInt(payload.serializerId());
    putString(out, payload.manifest());
    out.putInt(payload.bytes().length).put(payload.bytes());
  }

  private static void putString(ByteBuffer out, String text) {
    byte[] bytes = utf8(text);
    out.putInt(bytes.length).put(bytes);
  }

  private static byte[] eventKey(int shard, String persistenceId, long sequenceNr) {
    byte[] pid = utf8(persistenceId);
    return ByteBuffer.allocate(8 + pid.length + 8)
        .putInt(shard).putInt(pid.length).put(pid).putLong(sequenceNr).array();
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
