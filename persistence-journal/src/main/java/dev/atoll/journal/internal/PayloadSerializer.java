package dev.atoll.journal.internal;

import dev.atoll.journal.spi.SerializedObject;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * Turns events, metadata and snapshots into {@link SerializedObject}s and back with Pekko
 * Serialization, so whatever serializer the ActorSystem binds to a class (Jackson CBOR for
 * {@code AtollSerializable}, protobuf, a custom one) is the one used, and its id and manifest are
 * stored beside the bytes.
 */
public final class PayloadSerializer {

  private final Serialization serialization;

  public PayloadSerializer(ActorSystem system) {
    this.serialization = SerializationExtension.get(system);
  }

  /**
   * Serializes {@code value}.
   *
   * @throws Exception (for example {@code java.io.NotSerializableException}) if no serializer is
   *     bound to its class or the serializer fails
   */
  public SerializedObject serialize(Object value) throws Exception {
    Serializer serializer = serialization.findSerializerFor(value);
    String manifest = Serializers.manifestFor(serializer, value);
    // serialize() runs the serializer with the system's transport information, so ActorRefs
    // inside events serialize to full paths.
    byte[] bytes = serialization.serialize(value).get();
    return new SerializedObject(serializer.identifier(), manifest, bytes);
  }

  /** Deserializes {@code stored} with the serializer that wrote it. */
  public Object deserialize(SerializedObject stored) {
    return serialization
        .deserialize(stored.bytes(), stored.serializerId(), stored.manifest())
        .get();
  }
}
