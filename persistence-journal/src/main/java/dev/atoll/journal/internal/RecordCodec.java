package dev.atoll.journal.internal;

import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encodes the values stored under event and snapshot keys. Each value starts with a format
 * version byte so that a later release can read what this one wrote; a value with an unknown
 * version or that ends early is reported as damaged rather than guessed at. Strings and byte
 * arrays are length-prefixed (int32); works on plain {@link ByteBuffer}s because this runs for
 * every event written and replayed.
 */
final class RecordCodec {

  private static final byte EVENT_FORMAT = 1;
  private static final byte SNAPSHOT_FORMAT = 1;

  private RecordCodec() {}

  static byte[] encodeEvent(JournalEvent event) {
    byte[] writer = utf8(event.writerUuid());
    byte[] manifest = utf8(event.eventManifest());
    List<byte[]> tags = new ArrayList<>(event.tags().size());
    int size = 1 + 8 + 4 + writer.length + 4 + manifest.length;
    size += payloadSize(event.payload()) + 1 + event.metadata().map(RecordCodec::payloadSize).orElse(0);
    size += 4;
    for (String tag : event.tags()) {
      byte[] bytes = utf8(tag);
      tags.add(bytes);
      size += 4 + bytes.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(EVENT_FORMAT).putLong(event.timestamp());
    putBytes(out, writer);
    putBytes(out, manifest);
    putPayload(out, event.payload());
    putOptionalPayload(out, event.metadata());
    out.putInt(tags.size());
    for (byte[] tag : tags) {
      putBytes(out, tag);
    }
    return out.array();
  }

  static JournalEvent decodeEvent(String persistenceId, long sequenceNr, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    try {
      byte format = in.get();
      if (format != EVENT_FORMAT) {
        throw new IllegalStateException(
            "event " + persistenceId + "#" + sequenceNr + " has unknown format " + format);
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
      return new JournalEvent(
          persistenceId, sequenceNr, writerUuid, manifest, timestamp, payload, metadata, tags);
    } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw new IllegalStateException(
          "event " + persistenceId + "#" + sequenceNr + " is truncated or corrupted", e);
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
