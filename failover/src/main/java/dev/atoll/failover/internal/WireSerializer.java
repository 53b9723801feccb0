package dev.atoll.failover.internal;

import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A compact binary form of the messages on the write path, {@link Wire.Replicate} (alone or in a
 * {@link Wire.ReplicateAll}) and {@link Wire.ReplicateReply} (alone or in {@link
 * Wire.ReplicateReplies}): every replicated event crosses the network in one of them, and
 * Jackson's self-describing CBOR (every field name, for every event) cost more CPU than the
 * journal write itself. The layout is {@link WireFormat}'s. As a {@link ByteBufferSerializer} it
 * writes into and reads from Artery's buffers directly, without a byte array in between. The
 * other failover messages are rare and stay on Jackson. Bound in this module's reference.conf.
 */
public final class WireSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  private static final String REPLICATE = "R";
  private static final String REPLY = "A";
  private static final String REPLICATE_ALL = "B";
  private static final String REPLIES = "C";

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
    if (message instanceof Wire.ReplicateReplies) {
      return REPLIES;
    }
    throw new IllegalArgumentException("WireSerializer cannot serialize " + message.getClass());
  }

  @Override
  public void toBinary(Object message, ByteBuffer buffer) {
    ByteBuffer out = bigEndianView(buffer);
    write(message, out);
    buffer.position(out.position());
  }

  private void write(Object message, ByteBuffer buffer) {
    WireFormat.Writer writer = new WireFormat.Writer(buffer, resolver::toSerializationFormat);
    if (message instanceof Wire.Replicate replicate) {
      writer.replicates(List.of(replicate));
    } else if (message instanceof Wire.ReplicateAll all) {
      writer.replicates(all.parts());
    } else if (message instanceof Wire.ReplicateReply reply) {
      writer.replies(List.of(reply));
    } else if (message instanceof Wire.ReplicateReplies replies) {
      writer.replies(replies.replies());
    } else {
      throw new IllegalArgumentException("WireSerializer cannot serialize " + message.getClass());
    }
    writer.finish();
  }

  /** Outside Artery (tests, other transports): through a heap buffer that grows until the message fits. */
  @Override
  public byte[] toBinary(Object message) {
    for (int size = 4096; ; size *= 2) {
      ByteBuffer buffer = ByteBuffer.allocate(size);
      try {
        toBinary(message, buffer);
        return Arrays.copyOf(buffer.array(), buffer.position());
      } catch (BufferOverflowException tooSmall) {
        if (size > (1 << 30) / 2) {
          throw tooSmall;
        }
      }
    }
  }

  @Override
  public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
    ByteBuffer in = bigEndianView(buffer);
    try {
      WireFormat.Reader reader = new WireFormat.Reader(in, resolver::resolveActorRef);
      Object message = switch (manifest) {
        case REPLICATE -> single(reader.replicates(), manifest);
        case REPLICATE_ALL -> new Wire.ReplicateAll(reader.replicates());
        case REPLY -> single(reader.replies(), manifest);
        case REPLIES -> new Wire.ReplicateReplies(reader.replies());
        default -> throw new NotSerializableException("unknown failover wire manifest '" + manifest + "'");
      };
      reader.finish();
      buffer.position(in.position());
      return message;
    } catch (IOException | BufferUnderflowException | IndexOutOfBoundsException e) {
      NotSerializableException failure = new NotSerializableException("damaged failover wire message: " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  /**
   * The same bytes in big-endian order, whatever order the caller's buffer has (Artery's is
   * little-endian, a heap buffer big-endian): the layout must not depend on who wrote it.
   */
  private static ByteBuffer bigEndianView(ByteBuffer buffer) {
    return buffer.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
  }

  private static <T> T single(List<T> values, String manifest) throws IOException {
    if (values.size() != 1) {
      throw new IOException("a '" + manifest + "' message holds one value, this one " + values.size());
    }
    return values.get(0);
  }

}
