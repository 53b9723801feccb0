package dev.atoll.failover.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The byte layout of the write path's messages: positional fields in a {@link ByteBuffer}, and
 * every string (persistence ids, epochs' node names, writer UUIDs, manifests, the reply-to actor's
 * path) written once per message into a table at its end and referred to by index. The strings
 * repeat for nearly every event of a message (all of a burst's events carry the same epoch and
 * primary, an entity's events the same writer UUID and manifest), so the table halves a typical
 * message, and the reader decodes each string and resolves the reply-to actor once per message
 * instead of once per use.
 *
 * <p>A message is {@code int tableOffset} (from the message's start), the body, then the table
 * ({@code int count}, then each string as {@code int length} + UTF-8). Reads are bounds-checked:
 * a damaged message fails with an {@link IOException} naming what was wrong.
 */
final class WireFormat {

  private WireFormat() {}

  /** Writes one message into a buffer; {@link #finish()} appends the string table. */
  static final class Writer {
    private final ByteBuffer out;
    private final int start;
    private final Function<ActorRef<?>, String> refFormat;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    Writer(ByteBuffer out, Function<ActorRef<?>, String> refFormat) {
      this.out = out;
      this.start = out.position();
      this.refFormat = refFormat;
      out.putInt(0); // the table's offset, set by finish()
    }

    void finish() {
      out.putInt(start, out.position() - start);
      out.putInt(strings.size());
      for (String text : strings) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.putInt(utf8.length);
        out.put(utf8);
      }
    }

    void replicates(List<Wire.Replicate> parts) {
      out.putInt(parts.size());
      Map<ActorRef<?>, String> refs = new HashMap<>(2);
      for (Wire.Replicate part : parts) {
        out.putInt(part.shard());
        epoch(part.epoch());
        string(part.primary());
        out.putLong(part.batchId());
        string(refs.computeIfAbsent(part.replyTo(), refFormat));
        out.putInt(part.writes().size());
        for (Wire.PidWrite write : part.writes()) {
          string(write.persistenceId());
          out.putLong(write.afterSequenceNr());
          epoch(write.afterEpoch());
          out.put((byte) (write.endsLog() ? 1 : 0));
          out.putInt(write.events().size());
          for (ReplicatedEvent event : write.events()) {
            event(event);
          }
        }
      }
    }

    void replies(List<Wire.ReplicateReply> replies) {
      out.putInt(replies.size());
      for (Wire.ReplicateReply reply : replies) {
        out.putInt(reply.shard());
        out.putLong(reply.batchId());
        string(reply.from());
        out.put((byte) (reply.stored() ? 1 : 0));
        epoch(reply.refusedBy());
        out.putInt(reply.mismatches().size());
        for (Wire.PidMismatch mismatch : reply.mismatches()) {
          string(mismatch.persistenceId());
          out.putLong(mismatch.replicaTip().sequenceNr());
          epoch(mismatch.replicaTip().epoch());
        }
      }
    }

    private void event(ReplicatedEvent replicated) {
      JournalEvent event = replicated.event();
      out.putLong(event.sequenceNr());
      string(event.writerUuid());
      string(event.eventManifest());
      out.putLong(event.timestamp());
      object(event.payload());
      out.put((byte) (event.metadata().isPresent() ? 1 : 0));
      if (event.metadata().isPresent()) {
        object(event.metadata().get());
      }
      out.putInt(event.tags().size());
      for (String tag : event.tags()) {
        string(tag);
      }
      epoch(replicated.epoch());
    }

    private void object(SerializedObject object) {
      out.putInt(object.serializerId());
      string(object.manifest());
      out.putInt(object.bytes().length);
      out.put(object.bytes());
    }

    private void epoch(Epoch epoch) {
      out.putLong(epoch.counter());
      string(epoch.node());
    }

    private void string(String text) {
      Integer index = indexOf.get(text);
      if (index == null) {
        index = strings.size();
        indexOf.put(text, index);
        strings.add(text);
      }
      out.putInt(index);
    }
  }

  /** Reads one message written by {@link Writer}; leaves the buffer after its table. */
  static final class Reader {
    private final ByteBuffer in;
    private final Function<String, ActorRef<Wire.ReplicateAnswer>> resolveRef;
    private final String[] strings;
    private final int end;

    Reader(ByteBuffer in, Function<String, ActorRef<Wire.ReplicateAnswer>> resolveRef) throws IOException {
      this.in = in;
      this.resolveRef = resolveRef;
      int start = in.position();
      int tableOffset = in.getInt();
      if (tableOffset < 4 || tableOffset > in.limit() - start) {
        throw new IOException("string table offset " + tableOffset + " lies outside the message");
      }
      int body = in.position();
      in.position(start + tableOffset);
      int count = in.getInt();
      if (count < 0 || count > in.remaining()) {
        throw new IOException("string table of " + count + " strings exceeds the message");
      }
      strings = new String[count];
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new IOException("string length " + length + " exceeds the message");
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        strings[i] = new String(utf8, StandardCharsets.UTF_8);
      }
      end = in.position();
      in.position(body);
    }

    /** Ends the read: the buffer is left after the message. */
    void finish() {
      in.position(end);
    }

    List<Wire.Replicate> replicates() throws IOException {
      int count = count();
      List<Wire.Replicate> parts = new ArrayList<>(count);
      Map<String, ActorRef<Wire.ReplicateAnswer>> refs = new HashMap<>(2);
      for (int p = 0; p < count; p++) {
        int shard = in.getInt();
        Epoch epoch = epoch();
        String primary = string();
        long batchId = in.getLong();
        ActorRef<Wire.ReplicateAnswer> replyTo = refs.computeIfAbsent(string(), resolveRef);
        int writeCount = count();
        List<Wire.PidWrite> writes = new ArrayList<>(writeCount);
        for (int w = 0; w < writeCount; w++) {
          String pid = string();
          long after = in.getLong();
          Epoch afterEpoch = epoch();
          boolean endsLog = in.get() != 0;
          int eventCount = count();
          List<ReplicatedEvent> events = new ArrayList<>(eventCount);
          for (int e = 0; e < eventCount; e++) {
            events.add(event(pid));
          }
          writes.add(new Wire.PidWrite(pid, after, afterEpoch, events, endsLog));
        }
        parts.add(new Wire.Replicate(shard, epoch, primary, batchId, writes, replyTo));
      }
      return parts;
    }

    List<Wire.ReplicateReply> replies() throws IOException {
      int count = count();
      List<Wire.ReplicateReply> replies = new ArrayList<>(count);
      for (int r = 0; r < count; r++) {
        int shard = in.getInt();
        long batchId = in.getLong();
        String from = string();
        boolean stored = in.get() != 0;
        Epoch refusedBy = epoch();
        int mismatchCount = count();
        List<Wire.PidMismatch> mismatches = new ArrayList<>(mismatchCount);
        for (int m = 0; m < mismatchCount; m++) {
          String pid = string();
          long sequenceNr = in.getLong();
          mismatches.add(new Wire.PidMismatch(pid, new LogTip(sequenceNr, epoch())));
        }
        replies.add(new Wire.ReplicateReply(shard, batchId, from, stored, refusedBy, mismatches));
      }
      return replies;
    }

    private ReplicatedEvent event(String persistenceId) throws IOException {
      long sequenceNr = in.getLong();
      String writerUuid = string();
      String manifest = string();
      long timestamp = in.getLong();
      SerializedObject payload = object();
      Optional<SerializedObject> metadata = in.get() != 0 ? Optional.of(object()) : Optional.empty();
      int tagCount = count();
      List<String> tags = new ArrayList<>(tagCount);
      for (int t = 0; t < tagCount; t++) {
        tags.add(string());
      }
      Epoch epoch = epoch();
      return new ReplicatedEvent(
          new JournalEvent(persistenceId, sequenceNr, writerUuid, manifest, timestamp, payload, metadata, tags), epoch);
    }

    private SerializedObject object() throws IOException {
      int serializerId = in.getInt();
      String manifest = string();
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IOException("payload length " + length + " exceeds the message");
      }
      byte[] bytes = new byte[length];
      in.get(bytes);
      return new SerializedObject(serializerId, manifest, bytes);
    }

    private Epoch epoch() throws IOException {
      long counter = in.getLong();
      return new Epoch(counter, string());
    }

    private String string() throws IOException {
      int index = in.getInt();
      if (index < 0 || index >= strings.length) {
        throw new IOException("string index " + index + " is not in the message's table of " + strings.length);
      }
      return strings[index];
    }

    /** A collection's size: each element takes at least one byte, so more than remain is damage. */
    private int count() throws IOException {
      int count = in.getInt();
      if (count < 0 || count > in.remaining()) {
        throw new IOException("count " + count + " exceeds the message");
      }
      return count;
    }
  }
}
