package dev.atoll.failover.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A compact binary form of the messages on the write path, {@link Wire.Replicate} (alone or in a
 * {@link Wire.ReplicateAll}) and {@link Wire.ReplicateReply}: every replicated event crosses the network in one of them, and Jackson's
 * self-describing CBOR (every field name, for every event) cost more CPU than the journal write
 * itself. Positional fields, length-prefixed UTF-8 strings; the other failover messages are rare
 * and stay on Jackson. Bound in this module's reference.conf.
 */
public final class WireSerializer extends SerializerWithStringManifest {

  private static final String REPLICATE = "R";
  private static final String REPLY = "A";
  private static final String REPLICATE_ALL = "B";

  private final ActorRefResolver resolver;

  public WireSerializer(ExtendedActorSystem system) {
    this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
  }

  @Override
  public int identifier() {
    return 8_871_431; // unique among the ActorSystem's serializers; never change (stored nowhere, but on the wire)
  }

  @Override
  public String manifest(Object message) {
    if (message instanceof Wire.Replicate) {
      return REPLICATE;
    }
    if (message instanceof Wire.ReplicateReply) {
      return REPLY;
    }
    if (message instanceof Wire.ReplicateAll) {
      return REPLICATE_ALL;
    }
    throw new IllegalArgumentException("WireSerializer cannot serialize " + message.getClass());
  }

  @Override
  public byte[] toBinary(Object message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (message instanceof Wire.Replicate replicate) {
        writeReplicate(out, replicate);
      } else if (message instanceof Wire.ReplicateReply reply) {
        writeReply(out, reply);
      } else if (message instanceof Wire.ReplicateAll all) {
        out.writeInt(all.parts().size());
        for (Wire.Replicate part : all.parts()) {
          writeReplicate(out, part);
        }
      } else {
        throw new IllegalArgumentException("WireSerializer cannot serialize " + message.getClass());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return switch (manifest) {
        case REPLICATE -> readReplicate(in);
        case REPLY -> readReply(in);
        case REPLICATE_ALL -> readAll(in);
        default -> throw new NotSerializableException("unknown failover wire manifest '" + manifest + "'");
      };
    } catch (IOException e) {
      NotSerializableException failure = new NotSerializableException("damaged failover wire message: " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  private void writeReplicate(DataOutputStream out, Wire.Replicate replicate) throws IOException {
    out.writeInt(replicate.shard());
    writeEpoch(out, replicate.epoch());
    writeString(out, replicate.primary());
    out.writeLong(replicate.batchId());
    writeString(out, resolver.toSerializationFormat(replicate.replyTo()));
    out.writeInt(replicate.writes().size());
    for (Wire.PidWrite write : replicate.writes()) {
      writeString(out, write.persistenceId());
      out.writeLong(write.afterSequenceNr());
      writeEpoch(out, write.afterEpoch());
      out.writeBoolean(write.endsLog());
      out.writeInt(write.events().size());
      for (ReplicatedEvent event : write.events()) {
        writeEvent(out, event);
      }
    }
  }

  private Wire.Replicate readReplicate(DataInputStream in) throws IOException {
    int shard = in.readInt();
    Epoch epoch = readEpoch(in);
    String primary = readString(in);
    long batchId = in.readLong();
    ActorRef<Wire.ReplicateReply> replyTo = resolver.resolveActorRef(readString(in));
    int writeCount = in.readInt();
    List<Wire.PidWrite> writes = new ArrayList<>(writeCount);
    for (int w = 0; w < writeCount; w++) {
      String pid = readString(in);
      long after = in.readLong();
      Epoch afterEpoch = readEpoch(in);
      boolean endsLog = in.readBoolean();
      int eventCount = in.readInt();
      List<ReplicatedEvent> events = new ArrayList<>(eventCount);
      for (int e = 0; e < eventCount; e++) {
        events.add(readEvent(in, pid));
      }
      writes.add(new Wire.PidWrite(pid, after, afterEpoch, events, endsLog));
    }
    return new Wire.Replicate(shard, epoch, primary, batchId, writes, replyTo);
  }

  private Wire.ReplicateAll readAll(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<Wire.Replicate> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parts.add(readReplicate(in));
    }
    return new Wire.ReplicateAll(parts);
  }

  private static void writeEvent(DataOutputStream out, ReplicatedEvent replicated) throws IOException {
    JournalEvent event = replicated.event();
    out.writeLong(event.sequenceNr());
    writeString(out, event.writerUuid());
    writeString(out, event.eventManifest());
    out.writeLong(event.timestamp());
    writeObject(out, event.payload());
    out.writeBoolean(event.metadata().isPresent());
    if (event.metadata().isPresent()) {
      writeObject(out, event.metadata().get());
    }
    out.writeInt(event.tags().size());
    for (String tag : event.tags()) {
      writeString(out, tag);
    }
    writeEpoch(out, replicated.epoch());
  }

  private static ReplicatedEvent readEvent(DataInputStream in, String persistenceId) throws IOException {
    long sequenceNr = in.readLong();
    String writerUuid = readString(in);
    String manifest = readString(in);
    long timestamp = in.readLong();
    SerializedObject payload = readObject(in);
    Optional<SerializedObject> metadata = in.readBoolean() ? Optional.of(readObject(in)) : Optional.empty();
    int tagCount = in.readInt();
    List<String> tags = new ArrayList<>(tagCount);
    for (int t = 0; t < tagCount; t++) {
      tags.add(readString(in));
    }
    Epoch epoch = readEpoch(in);
    return new ReplicatedEvent(
        new JournalEvent(persistenceId, sequenceNr, writerUuid, manifest, timestamp, payload, metadata, tags), epoch);
  }

  private static void writeReply(DataOutputStream out, Wire.ReplicateReply reply) throws IOException {
    out.writeInt(reply.shard());
    out.writeLong(reply.batchId());
    writeString(out, reply.from());
    out.writeBoolean(reply.stored());
    writeEpoch(out, reply.refusedBy());
    out.writeInt(reply.mismatches().size());
    for (Wire.PidMismatch mismatch : reply.mismatches()) {
      writeString(out, mismatch.persistenceId());
      out.writeLong(mismatch.replicaTip().sequenceNr());
      writeEpoch(out, mismatch.replicaTip().epoch());
    }
  }

  private static Wire.ReplicateReply readReply(DataInputStream in) throws IOException {
    int shard = in.readInt();
    long batchId = in.readLong();
    String from = readString(in);
    boolean stored = in.readBoolean();
    Epoch refusedBy = readEpoch(in);
    int count = in.readInt();
    List<Wire.PidMismatch> mismatches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String pid = readString(in);
      long sequenceNr = in.readLong();
      mismatches.add(new Wire.PidMismatch(pid, new LogTip(sequenceNr, readEpoch(in))));
    }
    return new Wire.ReplicateReply(shard, batchId, from, stored, refusedBy, mismatches);
  }

  private static void writeObject(DataOutputStream out, SerializedObject object) throws IOException {
    out.writeInt(object.serializerId());
    writeString(out, object.manifest());
    out.writeInt(object.bytes().length);
    out.write(object.bytes());
  }

  private static SerializedObject readObject(DataInputStream in) throws IOException {
    int serializerId = in.readInt();
    String manifest = readString(in);
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new SerializedObject(serializerId, manifest, bytes);
  }

  private static void writeEpoch(DataOutputStream out, Epoch epoch) throws IOException {
    out.writeLong(epoch.counter());
    writeString(out, epoch.node());
  }

  private static Epoch readEpoch(DataInputStream in) throws IOException {
    long counter = in.readLong();
    return new Epoch(counter, readString(in));
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("string length " + length + " exceeds the message");
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
