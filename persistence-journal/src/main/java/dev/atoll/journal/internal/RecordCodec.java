package dev.atoll.journal.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Encodes the values stored under event, tip and snapshot keys. Each event and snapshot value
 * starts with a format version byte so that a later release can read what this one wrote; a value
 * with an unknown version or that ends early is reported as damaged rather than guessed at.
 * Strings and byte arrays are length-prefixed (int32); works on plain {@link ByteBuffer}s because
 * this runs for every event written and replayed.
 *
 * <pre>
 * event, format 2   2:int8 | epochCounter:int64 | epochNode:(len|utf8) | timestamp:int64
 *                   | writerUuid:(len|utf8) | manifest:(len|utf8) | payload | metadata
 *                   | tagCount:int32 | tag:(len|utf8) * tagCount | tagOffset:int64 * tagCount
 * event, format 1   1:int8 | timestamp:int64 | writerUuid | manifest | payload | metadata
 *                   | tagCount:int32 | tag * tagCount            (before epochs; read as Epoch.NONE)
 * payload           serializerId:int32 | manifest:(len|utf8) | bytes:(len|bytes)
 * metadata          0:int8, or 1:int8 | payload
 * tip               sequenceNr:int64 | epochCounter:int64 | epochNode:(len|utf8)
 * snapshot, fmt 1   1:int8 | timestamp:int64 | snapshot payload | metadata
 * </pre>
 *
 * <p>Format 2's tag offsets (the event's position in each tag's index, in tag order) come last
 * so that the single writer thread, which assigns them, can fill them into the value encoded on
 * the caller's thread without copying it; they let a truncation find and delete the event's
 * tag-index entries, and let a tag query recognise an index entry left behind by an event that
 * has since been replaced.
 */
final class RecordCodec {

  private static final byte EVENT_FORMAT_BEFORE_EPOCHS = 1;
  private static final byte EVENT_FORMAT = 2;
  private static final byte SNAPSHOT_FORMAT = 1;

  private RecordCodec() {}

  /**
   * The format-2 value of {@code event} written in {@code epoch}, with every tag offset 0 until the
   * writer sets it with {@link #setTagOffset}.
   */
  static byte[] encodeEvent(JournalEvent event, Epoch epoch) {
    byte[] node = utf8(epoch.node());
    byte[] writer = utf8(event.writerUuid());
    byte[] manifest = utf8(event.eventManifest());
    List<byte[]> tags = new ArrayList<>(event.tags().size());
    int size = 1 + 8 + 4 + node.length + 8 + 4 + writer.length + 4 + manifest.length;
    size += payloadSize(event.payload()) + 1 + event.metadata().map(RecordCodec::payloadSize).orElse(0);
    size += 4;
    for (String tag : event.tags()) {
      byte[] bytes = utf8(tag);
      tags.add(bytes);
      size += 4 + bytes.length + 8;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(EVENT_FORMAT).putLong(epoch.counter());
    putBytes(out, node);
    out.putLong(event.timestamp());
    putBytes(out, writer);
    putBytes(out, manifest);
    putPayload(out, event.payload());
    putOptionalPayload(out, event.metadata());
    out.putInt(tags.size());
    for (byte[] tag : tags) {
      putBytes(out, tag);
    }
    // the tag offsets: zero until setTagOffset
    return out.array();
  }

  /** Sets the offset of the {@code index}-th of the {@code tagCount} tags in a format-2 value. */
  static void setTagOffset(byte[] value, int tagCount, int index, long offset) {
    ByteBuffer.wrap(value).putLong(value.length - 8 * (tagCount - index), offset);
  }

  /**
   * Whether two format-2 values hold the same event written in the same epoch: equal in every
   * byte but the tag offsets, which depend on when each was committed.
   */
  static boolean sameEvent(byte[] stored, byte[] incoming, int tagCount) {
    int compared = incoming.length - 8 * tagCount;
    return stored.length == incoming.length
        && Arrays.equals(stored, 0, compared, incoming, 0, compared);
  }

  static JournalEvent decodeEvent(String persistenceId, long sequenceNr, byte[] value) {
    return decode(persistenceId, sequenceNr, value, false).event();
  }

  static ReplicatedEvent decodeReplicated(String persistenceId, long sequenceNr, byte[] value) {
    StoredEvent stored = decode(persistenceId, sequenceNr, value, true);
    return new ReplicatedEvent(stored.event(), stored.epoch());
  }

  /** The event with its epoch and, for format 2, its tag offsets. */
  static StoredEvent decodeStored(String persistenceId, long sequenceNr, byte[] value) {
    return decode(persistenceId, sequenceNr, value, true);
  }

  /** The epoch of an event value, reading only its header. */
  static Epoch decodeEpoch(String persistenceId, long sequenceNr, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    try {
      byte format = checkEventFormat(in.get(), persistenceId, sequenceNr);
      return format == EVENT_FORMAT_BEFORE_EPOCHS ? Epoch.NONE : getEpoch(in);
    } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw damaged(persistenceId, sequenceNr, e);
    }
  }

  private static StoredEvent decode(
      String persistenceId, long sequenceNr, byte[] value, boolean withEpoch) {
    ByteBuffer in = ByteBuffer.wrap(value);
    try {
      byte format = checkEventFormat(in.get(), persistenceId, sequenceNr);
      Epoch epoch = Epoch.NONE;
      if (format == EVENT_FORMAT) {
        if (withEpoch) {
          epoch = getEpoch(in);
        } else {
          in.getLong();
          skipBytes(in);
        }
      }
      long timestamp = in.getLong();
      String writerUuid = getString(in);
      String manifest = getString(in);
      SerializedObject payload = getPayload(in);
      Optional<SerializedObject> metadata = getOptionalPayload(in);
      int tagCount = in.getInt();
      List<String> tags = tagCount == 0 ? List.of() : new ArrayList<>(tagCount);
      for (int i = 0; i < tagCount; i++) {
        tags.add(getString(in));
      }
      long[] tagOffsets = null;
      if (format == EVENT_FORMAT) {
        tagOffsets = new long[tagCount];
        for (int i = 0; i < tagCount; i++) {
          tagOffsets[i] = in.getLong();
        }
      }
      JournalEvent event =
          new JournalEvent(
              persistenceId, sequenceNr, writerUuid, manifest, timestamp, payload, metadata, tags);
      return new StoredEvent(event, epoch, tagOffsets);
    } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw damaged(persistenceId, sequenceNr, e);
    }
  }

  private static byte checkEventFormat(byte format, String persistenceId, long sequenceNr) {
    if (format != EVENT_FORMAT && format != EVENT_FORMAT_BEFORE_EPOCHS) {
      throw new IllegalStateException(
          "event " + persistenceId + "#" + sequenceNr + " has unknown format " + format);
    }
    return format;
  }

  private static IllegalStateException damaged(String persistenceId, long sequenceNr, Exception e) {
    return new IllegalStateException(
        "event " + persistenceId + "#" + sequenceNr + " is truncated or corrupted", e);
  }

  static byte[] encodeTip(LogTip tip) {
    byte[] node = utf8(tip.epoch().node());
    return ByteBuffer.allocate(8 + 8 + 4 + node.length)
        .putLong(tip.sequenceNr())
        .putLong(tip.epoch().counter())
        .putInt(node.length)
        .put(node)
        .array();
  }

  static LogTip decodeTip(String persistenceId, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    try {
      long sequenceNr = in.getLong();
      return new LogTip(sequenceNr, getEpoch(in));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the tip of " + persistenceId + " is truncated or corrupted", e);
    }
  }

  static byte[] encodeSnapshot(StoredSnapshot snapshot) {
    int size =
        1 + 8 + payloadSize(snapshot.snapshot()) + 1
            + snapshot.metadata().map(RecordCodec::payloadSize).orElse(0);
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(SNAPSHOT_FORMAT).putLong(snapshot.timestamp());
    putPayload(out, snapshot.snapshot());
    putOptionalPayload(out, snapshot.metadata());
    return out.array();
  }

  static StoredSnapshot decodeSnapshot(String persistenceId, long sequenceNr, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    try {
      byte format = in.get();
      if (format != SNAPSHOT_FORMAT) {
        throw new IllegalStateException(
            "snapshot " + persistenceId + "#" + sequenceNr + " has unknown format " + format);
      }
      long timestamp = in.getLong();
      SerializedObject snapshot = getPayload(in);
      Optional<SerializedObject> metadata = getOptionalPayload(in);
      return new StoredSnapshot(persistenceId, sequenceNr, timestamp, snapshot, metadata);
    } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw new IllegalStateException(
          "snapshot " + persistenceId + "#" + sequenceNr + " is truncated or corrupted", e);
    }
  }

  private static int payloadSize(SerializedObject payload) {
    return 4 + 4 + utf8Length(payload.manifest()) + 4 + payload.bytes().length;
  }

  private static void putPayload(ByteBuffer out, SerializedObject payload) {
    out.putInt(payload.serializerId());
    putBytes(out, utf8(payload.manifest()));
    putBytes(out, payload.bytes());
  }

  private static SerializedObject getPayload(ByteBuffer in) {
    int serializerId = in.getInt();
    String manifest = getString(in);
    return new SerializedObject(serializerId, manifest, getBytes(in));
  }

  private static void putOptionalPayload(ByteBuffer out, Optional<SerializedObject> payload) {
    out.put((byte) (payload.isPresent() ? 1 : 0));
    payload.ifPresent(p -> putPayload(out, p));
  }

  private static Optional<SerializedObject> getOptionalPayload(ByteBuffer in) {
    return in.get() != 0 ? Optional.of(getPayload(in)) : Optional.empty();
  }

  private static Epoch getEpoch(ByteBuffer in) {
    long counter = in.getLong();
    String node = getString(in);
    return counter == 0 && node.isEmpty() ? Epoch.NONE : new Epoch(counter, node);
  }

  private static void skipBytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("length " + length + " exceeds the record");
    }
    in.position(in.position() + length);
  }

  private static void putBytes(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length).put(bytes);
  }

  private static byte[] getBytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("length " + length + " exceeds the record");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("length " + length + " exceeds the record");
    }
    String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int utf8Length(String text) {
    return text.isEmpty() ? 0 : utf8(text).length;
  }
}
