package dev.atoll.journal.spi;

import java.util.Arrays;

/**
 * An object as Pekko Serialization turned it into bytes: the serializer's id, the manifest it
 * asked for, and the bytes. Storing all three lets any serializer configured in the ActorSystem be
 * used for events, metadata and snapshots, and lets any node find the same serializer again.
 *
 * <p>The byte array belongs to this value once constructed; nobody may modify it.
 *
 * @param serializerId the Pekko serializer identifier
 * @param manifest the serializer's manifest for the object ("" if it uses none)
 * @param bytes the serialized form
 * @since 0.1.0
 */
public record SerializedObject(int serializerId, String manifest, byte[] bytes) {

  @Override
  public boolean equals(Object other) {
    return other instanceof SerializedObject that
        && serializerId == that.serializerId
        && manifest.equals(that.manifest)
        && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * serializerId + manifest.hashCode()) + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SerializedObject(serializer " + serializerId + ", manifest '" + manifest + "', "
        + bytes.length + " bytes)";
  }
}
